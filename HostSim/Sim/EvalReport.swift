import Foundation
import KinuEval
import KinuHostKit

/// The per-class table and the confusion matrix of an evaluation, as plain text.
struct EvalReport {
    let labels: [String]
    let outcome: FewShotProtocol.Outcome
    /// Labels never taught: their clips were played, and any sure answer was a false accept.
    var unknown: Set<Int> = []

    func printClassTable() {
        let width = max(5, labels.map(TextColumns.of).max() ?? 5)
        print("\(pad("label", width))   tested   accuracy   unsure   no sound")
        for (i, label) in labels.enumerated() {
            let row = outcome.confusion[i]
            let tested = row.reduce(0, +)
            let right = row[i]
            let none = row[labels.count]
            let unsure = tested - outcome.sureByLabel[i]
            let accuracy = unknown.contains(i) ? "untaught" : tested == 0 ? "untested"
                : String(format: "%6.1f %%", percent(right, tested))
            let unsureShare = tested == 0 ? "      -" : String(format: "%5.1f %%", percent(unsure, tested))
            print(pad(label, width) + String(format: "   %6d   %@  %@  %6d", tested, accuracy, unsureShare, none))
        }
    }

    func printConfusion() {
        let width = max(4, labels.map(TextColumns.of).max() ?? 1, String(outcome.confusion.flatMap { $0 }.max() ?? 0).count) + 1
        print("confusion matrix (rows: true label; columns: the class it was taken for; '-': no sound detected)")
        print(pad("", width) + (labels + ["-"]).map { lpad($0, width) }.joined())
        for (i, label) in labels.enumerated() {
            print(pad(label, width) + outcome.confusion[i].map { lpad($0 == 0 ? "." : "\($0)", width) }.joined())
        }
    }

    private func percent(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : Double(a) * 100 / Double(b) }
    private func pad(_ s: String, _ w: Int) -> String { TextColumns.padRight(s, w) }
    private func lpad(_ s: String, _ w: Int) -> String { TextColumns.padLeft(s, w) }
}
