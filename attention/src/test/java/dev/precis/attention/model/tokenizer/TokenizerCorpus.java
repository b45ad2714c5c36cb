package dev.precis.attention.model.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * A varied, deterministic test corpus: real meeting text from the shared data sets (when present) and
 * generated lines of Chinese, Japanese, code, numbers, emoji, whitespace runs and special-token strings.
 */
final class TokenizerCorpus {
    private static final String[] ZH = {
        "今天的会议讨论了项目进度。", "我们需要在周五之前完成报告。", "这个模型可以处理很长的文档。", "请把数据集下载下来并准备好。",
        "机器学习和自然语言处理", "北京欢迎你", "他说：“我们明天再谈。”", "数据显示增长了百分之十二。", "这是一个测试句子，包含标点符号！",
        "中华人民共和国成立于1949年", "人工智能正在改变世界", "请问洗手间在哪里？", "我喜欢喝茶，不喜欢咖啡。", "长江是中国最长的河流",
        "会议纪要已经发给大家了", "第三季度的销售额为五百万元", "软件工程师正在调试代码", "繁體中文也應該被正確處理", "龍飛鳳舞", "一二三四五六七八九十",
    };
    private static final String[] JA = {
        "今日はいい天気ですね。", "会議は午後三時から始まります。", "この文書を要約してください。", "東京タワーに行きました",
        "カタカナとひらがなと漢字", "よろしくお願いします！", "機械学習のモデルを訓練する", "ｶﾀｶﾅ半角もあります", "彼は「明日行く」と言った。",
        "二〇二四年の計画", "コンピューターが壊れた", "ありがとうございました", "日本語の形態素解析", "すみません、駅はどこですか？",
        "ラーメンを食べたい", "議事録を作成します", "新しいプロジェクトが始まった", "桜の花が咲いている", "ＡＢＣ全角英字", "〜から〜まで",
    };
    private static final String[] CODE = {
        "public static void main(String[] args) {", "    System.out.println(\"Hello, world!\");", "}",
        "def tokenize(text: str) -> list[int]:", "\treturn [ord(c) for c in text]", "for (int i = 0; i < n; i++) sum += a[i] * b[i];",
        "if x == None: raise ValueError('bad input')", "{\"name\": \"Precis\", \"version\": 3, \"tags\": [\"a\", \"b\"]}",
        "SELECT id, name FROM users WHERE age >= 18 ORDER BY name;", "#include <stdio.h>", "int main(void) { return 0; }",
        "const f = (a, b) => a ?? b;", "ls -la | grep '.gguf' && echo done", "x <<= 2; y >>>= 3; z ^= ~w;", "<div class=\"note\">Hi</div>",
        "fn main() { let v: Vec<u8> = vec![1, 2, 3]; }", "    if (err != nil) {\n        return err\n    }", "import numpy as np",
        "matrix[i][j] = (float) Math.sqrt(k);", "// NOTE: handle the edge case", "/* block comment */", "@Override", "$HOME/.cache/precis",
        "a_b_c = camelCaseName + snake_case_name", "git commit -m \"Fix the bug\"", "return x**2 + 3*x - 7", "    \t  mixed\tindent",
    };
    private static final String[] EMOJI = {
        "😀", "🎉", "👍🏽", "👨‍👩‍👧‍👦", "🇩🇪", "🇯🇵", "❤️", "🔥", "🤖", "✅", "🚀", "😂😂😂", "🧑🏿‍💻", "☕", "🏳️‍🌈", "👋", "🙏", "💯", "😅", "🌍",
    };
    private static final String[] SPECIAL = {
        "<start_of_turn>", "<end_of_turn>", "<bos>", "<eos>", "<pad>", "<unk>", "<mask>", "<start_of_image>", "<end_of_image>",
        "<table>", "</table>", "<tr>", "<td>", "<h1>", "</h1>", "<strong>", "<code>", "</code>", "<unused0>", "<unused17>",
        "<start_of", "turn>", "<<bos>>", "< bos >", "<0x0A>", "[multimodal]",
    };
    private static final String[] WORDS = {
        "the", "meeting", "action", "item", "will", "send", "report", "Friday", "budget", "team", "review", "agreed", "data",
        "model", "context", "window", "ok", "so", "um", "yeah", "PERSON6", "corpus", "ASR", "deadline", "e-mail", "don't",
    };

    private TokenizerCorpus() {
    }

    static List<String> build(Path sharedData) throws IOException {
        Random rnd = new Random(20250101);
        List<String> lines = new ArrayList<>();
        lines.addAll(qmsum(sharedData.resolve("qmsum/val.jsonl"), 600));
        lines.addAll(elitr(sharedData.resolve("elitr-dev"), 400));
        for (int i = 0; i < 200; i++) {
            lines.add(pick(rnd, ZH) + (rnd.nextBoolean() ? " " : "") + pick(rnd, ZH) + (i % 5 == 0 ? " " + pick(rnd, WORDS) : ""));
        }
        for (int i = 0; i < 200; i++) {
            lines.add(pick(rnd, JA) + (rnd.nextInt(3) == 0 ? "　" : "") + pick(rnd, JA) + (i % 7 == 0 ? pick(rnd, ZH) : ""));
        }
        for (int i = 0; i < 200; i++) {
            lines.add(i < CODE.length ? CODE[i] : pick(rnd, CODE) + (rnd.nextBoolean() ? "\n" : "  ") + pick(rnd, CODE));
        }
        for (int i = 0; i < 150; i++) {
            lines.add(numbers(rnd));
        }
        for (int i = 0; i < 150; i++) {
            lines.add(pick(rnd, WORDS) + " " + pick(rnd, EMOJI) + pick(rnd, EMOJI) + (rnd.nextBoolean() ? " " : "")
                    + pick(rnd, WORDS) + pick(rnd, EMOJI) + (i % 3 == 0 ? pick(rnd, ZH) : ""));
        }
        for (int i = 0; i < 150; i++) {
            lines.add(whitespace(rnd));
        }
        for (int i = 0; i < 120; i++) {
            lines.add(special(rnd, i));
        }
        return lines;
    }

    private static String pick(Random r, String[] a) {
        return a[r.nextInt(a.length)];
    }

    private static String numbers(Random r) {
        switch (r.nextInt(6)) {
            case 0: return Integer.toString(r.nextInt(Integer.MAX_VALUE));
            case 1: return String.format("%.5f", r.nextDouble() * 1000);
            case 2: return String.format("%,d items cost $%d.%02d", r.nextInt(10_000_000), r.nextInt(1000), r.nextInt(100));
            case 3: return String.format("%04d-%02d-%02d %02d:%02d", 1990 + r.nextInt(40), 1 + r.nextInt(12), 1 + r.nextInt(28),
                    r.nextInt(24), r.nextInt(60));
            case 4: return "+49 " + r.nextInt(1000) + " " + (1000000 + r.nextInt(9000000)) + ", ext. " + r.nextInt(99);
            default: return "3.14159 2.71828 1e-6 0x1F " + r.nextLong() + " " + (r.nextInt(200) - 100) + "%";
        }
    }

    private static String whitespace(Random r) {
        StringBuilder b = new StringBuilder();
        int parts = 2 + r.nextInt(4);
        for (int p = 0; p < parts; p++) {
            if (r.nextInt(3) > 0) {
                b.append(pick(r, WORDS));
            }
            String ws = new String[] {" ", "\t", "\n", "\r\n", "\u00a0"}[r.nextInt(5)];
            b.append(ws.repeat(1 + r.nextInt(r.nextInt(4) == 0 ? 40 : 5)));
        }
        return b.toString();
    }

    private static String special(Random r, int i) {
        if (i < SPECIAL.length) {
            return SPECIAL[i];
        }
        if (i % 4 == 0) {
            return "<start_of_turn>user\n" + pick(r, WORDS) + " " + pick(r, WORDS) + "?<end_of_turn>\n<start_of_turn>model\n";
        }
        return pick(r, WORDS) + pick(r, SPECIAL) + pick(r, WORDS) + " " + pick(r, SPECIAL) + " " + pick(r, ZH);
    }

    private static List<String> qmsum(Path p, int n) throws IOException {
        List<String> out = new ArrayList<>();
        if (!Files.exists(p)) {
            return out;
        }
        ObjectMapper om = new ObjectMapper();
        try (BufferedReader in = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
            String line;
            int meeting = 0;
            while ((line = in.readLine()) != null && out.size() < n) {
                JsonNode turns = om.readTree(line).get("meeting_transcripts");
                // a spread of turns from every meeting, not just the first one
                for (int i = meeting % 7; i < turns.size() && out.size() < n; i += 37) {
                    out.add(turns.get(i).get("speaker").asText() + ": " + turns.get(i).get("content").asText());
                }
                meeting++;
            }
        }
        return out;
    }

    private static List<String> elitr(Path dir, int n) throws IOException {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(f -> f.toString().endsWith(".txt") && !f.getFileName().toString().startsWith("LICENSE"))
                    .sorted().toList();
        }
        int per = Math.max(1, n / Math.max(1, files.size()));
        for (Path f : files) {
            List<String> all = Files.readAllLines(f, StandardCharsets.UTF_8);
            int step = Math.max(1, all.size() / per);
            for (int i = 0; i < all.size() && out.size() < n; i += step) {
                if (!all.get(i).isBlank()) {
                    out.add(all.get(i));
                }
            }
        }
        return out;
    }
}
