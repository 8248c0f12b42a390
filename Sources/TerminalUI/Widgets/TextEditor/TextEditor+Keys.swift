extension TextEditor {
  /// Applies one key. Returns false when the editor does not use the key (the app may).
  ///
  /// Bindings: characters insert; Enter newline; Tab inserts `tabWidth` spaces;
  /// Backspace/Delete; arrows, Home/End, PageUp/PageDown (Shift extends the selection,
  /// Ctrl/Alt+Left/Right move by word, Ctrl+Home/End go to the start/end of the text);
  /// Ctrl-A select all, Ctrl-C copy, Ctrl-X cut, Ctrl-V paste, Ctrl-Z undo, Ctrl-Y or
  /// Ctrl-Shift-Z redo.
  @discardableResult
  public mutating func handle(_ event: KeyEvent) -> Bool {
    let shift = event.modifiers.contains(.shift)
    let word = event.modifiers.contains(.control) || event.modifiers.contains(.alt)
    switch event.key {
    case .character(let c) where event.modifiers.contains(.control):
      switch c.lowercased() {
      case "a": selectAll()
      case "c": copy()
      case "x": cut()
      case "v": pasteClipboard()
      case "z": if shift || c == "Z" { redo() } else { undo() }
      case "y": redo()
      default: return false
      }
    case .character where event.modifiers.contains(.alt):
      return false
    case .character(let c):
      insert(String(c))
    case .enter:
      insert("\n")
    case .tab:
      insert(String(repeating: " ", count: max(1, tabWidth)))
    case .backspace:
      deleteBackward()
    case .delete:
      deleteForward()
    case .left:
      if !shift, !word, let range = selection {
        move(to: range.lowerBound)
      } else {
        move(to: word ? wordStart(before: cursor) : position(before: cursor), extend: shift)
      }
    case .right:
      if !shift, !word, let range = selection {
        move(to: range.upperBound)
      } else {
        move(to: word ? wordEnd(after: cursor) : position(after: cursor), extend: shift)
      }
    case .up:
      move(to: verticalMove(-1), extend: shift)
    case .down:
      move(to: verticalMove(1), extend: shift)
    case .pageUp:
      move(to: verticalMove(-max(1, viewport.height - 1)), extend: shift)
    case .pageDown:
      move(to: verticalMove(max(1, viewport.height - 1)), extend: shift)
    case .home:
      if event.modifiers.contains(.control) {
        move(to: TextPosition(line: 0, column: 0), extend: shift)
      } else {
        // Smart home: first non-blank, then column 0.
        let line = lines[cursor.line]
        let firstText = line.firstIndex { $0 != " " } ?? line.count
        let target = cursor.column == firstText ? 0 : firstText
        move(to: TextPosition(line: cursor.line, column: target), extend: shift)
      }
    case .end:
      if event.modifiers.contains(.control) {
        move(to: endPosition, extend: shift)
      } else {
        move(to: TextPosition(line: cursor.line, column: lines[cursor.line].count), extend: shift)
      }
    default:
      return false
    }
    return true
  }
}
