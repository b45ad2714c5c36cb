package dev.precis.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BackendsTest {

    @Test
    void namesSelectBackends() {
        assertEquals("scalar", Kernels.named("scalar").name());
        assertEquals("cpu", Kernels.named(" CPU ").name());
        String chosen = System.getProperty(Kernels.BACKEND_PROPERTY, "cpu");
        assertEquals(Kernels.named(chosen).name(), Kernels.get().name());
    }

    @Test
    void cudaWithoutItsClassFallsBackToCpu() throws Exception {
        // The CUDA backend lives in its own build; here it is absent and the cpu backend must run.
        assertThrows(ClassNotFoundException.class, () -> Class.forName(Backends.CUDA_CLASS));
        assertEquals("cpu", Kernels.named("cuda").name());
    }

    @Test
    void unknownNamesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kernels.named("tpu"));
        assertTrue(e.getMessage().contains("'tpu'") && e.getMessage().contains("scalar, cpu or cuda"), e.getMessage());
    }

    @Test
    void bf16RoundsToNearestEven() {
        assertEquals(1f, Bf16.toFloat(Bf16.fromFloat(1f)));
        // 1 + 2^-8 lies halfway between two bf16 values: ties go to the even one, 1.0.
        assertEquals(1f, Bf16.toFloat(Bf16.fromFloat(1f + 0x1p-8f)));
        assertEquals(1f + 0x1p-7f, Bf16.toFloat(Bf16.fromFloat(1f + 0x1p-8f + 0x1p-12f)));
        assertTrue(Float.isNaN(Bf16.toFloat(Bf16.fromFloat(Float.NaN))));
        assertEquals(Float.NEGATIVE_INFINITY, Bf16.toFloat(Bf16.fromFloat(Float.NEGATIVE_INFINITY)));
    }
}
