/// One line of the live view's frame, with what `TerminalView.fit(_:rows:)` needs to leave lines out of a terminal too
/// short for the frame: its rank (the higher, the sooner it goes; blank lines 10) and whether it goes on the line
/// above (a line wrapped over more: its pieces go together).
struct ViewLine: Equatable {
    var text: String
    var rank: Int
    /// Whether this line is a piece of the line above, wrapped.
    var continues = false

    init(_ text: String, _ rank: Int, continues: Bool = false) {
        self.text = text
        self.rank = rank
        self.continues = continues
    }
}
