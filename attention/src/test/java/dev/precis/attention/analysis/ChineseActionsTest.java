package dev.precis.attention.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ChineseActionsTest {
    private static String ownerAndTask(String text, String document) {
        ChineseActions.Found f = ChineseActions.match(text, "张伟", Set.of("张伟"), document);
        return f == null ? null : (f.request() ? "(asked)" : f.owner()) + ": " + f.task();
    }

    private static String ownerAndTask(String text) {
        return ownerAndTask(text, text);
    }

    @Test
    void namesByTheirSurnameBeforeWillMustOrIsResponsibleFor() {
        assertEquals("李明: 在周五前提交性能测试报告", ownerAndTask("李明需要在周五前提交性能测试报告。"));
        assertEquals("赵磊: 在下周一之前联系供应商", ownerAndTask("赵磊应该在下周一之前联系供应商。"));
        assertEquals("王芳: 在周三之前修复三个严重问题", ownerAndTask("下周计划：王芳负责在周三之前修复三个严重问题。"));
        assertEquals("王芳: 跟进这个问题", ownerAndTask("这个问题由王芳负责跟进。"), "what is followed up stands before 由");
        assertEquals("张伟: 整理会议纪要", ownerAndTask("我会整理会议纪要。"));
        assertEquals("team: 在月底前完成上线准备", ownerAndTask("我们要在月底前完成上线准备。"));
    }

    @Test
    void requestsAndItemsByTheirHeading() {
        assertEquals("王芳: 明天发送会议纪要", ownerAndTask("请王芳明天发送会议纪要。"));
        assertEquals("李明: 把测试数据整理一下", ownerAndTask("让李明把测试数据整理一下。"));
        assertEquals("张晓明: 发送会议纪要", ownerAndTask("请张晓明发送会议纪要。", "张晓明上周在。请张晓明发送会议纪要。"),
                "a three-character name the document writes twice");
        assertEquals("(asked): 把报告发给我", ownerAndTask("请你把报告发给我。"));
        assertEquals("陈静: 更新用户手册", ownerAndTask("待办：陈静更新用户手册。"));
        ChineseActions.Found headed = ChineseActions.match("行动项：王芳在12月15日前完成预算。", null, Set.of(), "");
        assertEquals("王芳", headed.owner());
        assertTrue(headed.confidence() >= 0.75, headed.toString());
    }

    @Test
    void nounsThatLookLikeNamesAndStatementsAreNoItems() {
        for (String s : new String[] {"系统需要更多内存。", "王经理说他很忙。", "李明上周已经提交了报告。", "这个方案应该可行。",
                "黄金价格会上涨。", "方面的问题很多。"}) {
            assertNull(ownerAndTask(s), s);
        }
        ChineseActions.Found conditional = ChineseActions.match("如果服务器没到，我们将租用云服务器。", null, Set.of(), "");
        assertTrue(conditional.confidence() < 0.55, "a condition lowers it: " + conditional);
    }

    @Test
    void chineseDueDatesResolve() {
        assertEquals("15 december", DueDates.fromChinese("12月15日"));
        assertEquals("next month", DueDates.fromChinese("下个月"));
        assertEquals("next wednesday", DueDates.fromChinese("下周三"));
    }
}
