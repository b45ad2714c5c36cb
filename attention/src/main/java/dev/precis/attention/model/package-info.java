/**
 * The Gemma 3 engine: reads a user's GGUF and runs the model on the CPU.
 *
 * <p>Layers, from the outside in:
 * <ul>
 *   <li>front ends — {@link dev.precis.attention.model.ModelCommands} (info, generate, quantize, random,
 *       tokenize, logits) and {@link dev.precis.attention.model.ModelBench}; plain methods that the command
 *       line calls;</li>
 *   <li>generation — {@link dev.precis.attention.model.Generator}: prompt, sampling
 *       ({@code model.sample}), JSON-Schema-constrained decoding ({@code model.constrain}), stop tokens;</li>
 *   <li>model — {@link dev.precis.attention.model.GemmaModel}: the forward pass of GEMMA3.md over weights
 *       mapped from the file ({@code model.gguf}), with the tokenizer in {@code model.tokenizer};</li>
 *   <li>attention — {@link dev.precis.attention.model.ModelAttention}: where K/V live and how a tile's
 *       queries read them ({@link dev.precis.attention.model.KvCacheAttention}: the shared
 *       {@code AttentionPattern}, {@code KvCache} and {@code AttentionLayer} on the {@code Kernels} backend,
 *       rings of window + tile positions on local layers, the whole context on global ones; batched
 *       flash-style prefill per tile, split-key decode per token);</li>
 *   <li>operations — {@code dev.precis.kernels.quant}: matrix products over F32/F16/BF16/Q8_0/Q4_0 with a
 *       scalar reference beside every Vector API path, and the element-wise ops.</li>
 * </ul>
 *
 * <p>Prefill runs tiles of tokens through matrix–matrix products (weights dequantized once per block of
 * rows, f32 activations); decode runs one token through matrix–vector products with 8-bit activations for
 * quantized weights, as llama.cpp does. Q4_K and Q6_K matrices are dequantized to F32 when the file is
 * loaded (memory grows accordingly); everything else stays memory-mapped.
 */
package dev.precis.attention.model;
