// Tables of user-given labels (eval's per-class table and confusion matrix) pad by the
// columns a terminal draws, not by characters.

import Testing
import KinuHostKit

@Suite struct TextColumnsTests {
    @Test func columnsOfPlainWideCombiningAndEmojiLabels() {
        #expect(TextColumns.of("dog") == 3)
        #expect(TextColumns.of("拍手") == 4)
        #expect(TextColumns.of("박수") == 4)
        #expect(TextColumns.of("ｋｅｙ") == 6)
        #expect(TextColumns.of("e\u{301}te\u{301}") == 3)   // "été" with combining accents
        #expect(TextColumns.of("🐶 bark") == 7)
        #expect(TextColumns.of("") == 0)
    }

    @Test func paddedLabelsLineUp() {
        for label in ["clap", "拍手", "été", "🐶"] {
            #expect(TextColumns.of(TextColumns.padRight(label, 6) + "|") == 7, "\(label)")
            #expect(TextColumns.of(TextColumns.padLeft(label, 6)) == 6, "\(label)")
        }
        #expect(TextColumns.padRight("拍手", 6) == "拍手  ")
        #expect(TextColumns.padLeft("longer than", 4) == "longer than")
    }
}
