import Testing

@testable import TerminalUI

@Suite struct TextEditorTests {
  private func typed(_ text: String, into editor: inout TextEditor) {
    for c in text { editor.handle(c == "\n" ? KeyEvent(.enter) : .char(c)) }
  }

  @Test func typingAndUndoRedo() {
    var editor = TextEditor()
    typed("select", into: &editor)
    editor.handle(.char(" "))
    typed("1", into: &editor)
    #expect(editor.text == "select 1")
    editor.handle(KeyEvent(.backspace))
    editor.handle(KeyEvent(.backspace))
    #expect(editor.text == "select")
    let result1 = editor.undo()
    #expect(result1)  // the run of deletions
    #expect(editor.text == "select 1")
    let result2 = editor.undo()
    #expect(result2)  // the run of typing
    #expect(editor.text == "")
    let result3 = editor.undo()
    #expect(!result3)
    let result4 = editor.redo()
    #expect(result4)
    #expect(editor.text == "select 1")
    editor.handle(.ctrl("z"))
    #expect(editor.text == "")
    editor.handle(.ctrl("y"))
    #expect(editor.text == "select 1")
  }

  @Test func newEditAfterUndoClearsRedo() {
    var editor = TextEditor(text: "ab")
    editor.move(to: TextPosition(line: 0, column: 2))
    typed("c", into: &editor)
    editor.undo()
    typed("d", into: &editor)
    #expect(!editor.canRedo)
    #expect(editor.text == "abd")
  }

  @Test func bracketedPasteIsOneUndoStep() {
    var editor = TextEditor(text: "-- q\n")
    editor.move(to: TextPosition(line: 1, column: 0))
    let big = (1...2000).map { "select \($0) as c\($0) union all" }.joined(separator: "\r\n")
    editor.paste(big)
    #expect(editor.lines.count == 2001)
    #expect(editor.cursor.line == 2000)
    editor.undo()
    #expect(editor.text == "-- q\n")
    editor.redo()
    #expect(editor.lines.count == 2001)
  }

  @Test func pasteReplacesSelectionAndExpandsTabs() {
    var editor = TextEditor(text: "abc")
    editor.selectAll()
    editor.paste("x\ty")
    #expect(editor.text == "x  y")
  }

  @Test func wordMovement() {
    var editor = TextEditor(text: "select a.col_1, 数据 from t\nwhere")
    editor.move(to: TextPosition(line: 0, column: 0))
    let right = KeyEvent(.right, modifiers: .control)
    editor.handle(right)
    #expect(editor.cursor.column == 6)
    editor.handle(right)
    #expect(editor.cursor.column == 8)  // "a"
    editor.handle(right)
    #expect(editor.cursor.column == 14)  // "col_1"
    editor.handle(right)
    #expect(editor.cursor.column == 18)  // "数据"
    editor.handle(KeyEvent(.end))
    editor.handle(KeyEvent(.right, modifiers: .alt))
    #expect(editor.cursor == TextPosition(line: 1, column: 0))
    editor.handle(KeyEvent(.left, modifiers: .alt))
    #expect(editor.cursor == TextPosition(line: 0, column: 25))
    editor.handle(KeyEvent(.left, modifiers: .control))
    #expect(editor.cursor == TextPosition(line: 0, column: 24))
  }

  @Test func graphemeMovementAndDeletion() {
    var editor = TextEditor(text: "e\u{301}👨‍👩‍👧x")
    #expect(editor.lines[0].count == 3)
    editor.handle(KeyEvent(.end))
    editor.handle(KeyEvent(.left))
    editor.handle(KeyEvent(.backspace))
    #expect(editor.text == "e\u{301}x")
  }

  @Test func shiftSelectionCutAndPaste() {
    var editor = TextEditor(text: "hello world")
    editor.move(to: TextPosition(line: 0, column: 0))
    for _ in 0..<5 { editor.handle(KeyEvent(.right, modifiers: .shift)) }
    #expect(editor.selectedText == "hello")
    editor.handle(.ctrl("x"))
    #expect(editor.text == " world")
    #expect(editor.clipboard == "hello")
    editor.handle(KeyEvent(.end))
    editor.handle(.ctrl("v"))
    #expect(editor.text == " worldhello")
    editor.handle(.ctrl("z"))
    #expect(editor.text == " world")
  }

  @Test func multiLineSelectionAcrossLines() {
    var editor = TextEditor(text: "ab\ncd\nef")
    editor.move(to: TextPosition(line: 0, column: 1))
    editor.handle(KeyEvent(.down, modifiers: .shift))
    editor.handle(KeyEvent(.down, modifiers: .shift))
    #expect(editor.selectedText == "b\ncd\ne")
    editor.handle(KeyEvent(.delete))
    #expect(editor.text == "af")
  }

  @Test func verticalMoveKeepsDisplayColumnOverWideText() {
    var editor = TextEditor(text: "数据库\nabcdef")
    editor.move(to: TextPosition(line: 0, column: 2))  // display cell 4
    editor.handle(KeyEvent(.down))
    #expect(editor.cursor == TextPosition(line: 1, column: 4))
    editor.handle(KeyEvent(.right))
    editor.handle(KeyEvent(.up))
    #expect(editor.cursor == TextPosition(line: 0, column: 2))
  }

  @Test func homeIsSmartAndCtrlHomeEndMoveInText() {
    var editor = TextEditor(text: "  abc\nxyz")
    editor.move(to: TextPosition(line: 0, column: 4))
    editor.handle(KeyEvent(.home))
    #expect(editor.cursor.column == 2)
    editor.handle(KeyEvent(.home))
    #expect(editor.cursor.column == 0)
    editor.handle(KeyEvent(.end, modifiers: .control))
    #expect(editor.cursor == TextPosition(line: 1, column: 3))
  }

  @Test func unhandledKeysAreReported() {
    var editor = TextEditor()
    let result6 = editor.handle(KeyEvent(.function(5)))
    #expect(!result6)
    let result5 = editor.handle(.ctrl("q"))
    #expect(!result5)
    let result7 = editor.handle(KeyEvent(.character("x"), modifiers: .alt))
    #expect(!result7)
  }

  @Test func longLineScrollsHorizontally() {
    var editor = TextEditor(
      text: "select very_long_column_name, 数据数据 from a_table_with_a_long_name")
    editor.viewport = Size(width: 20, height: 3)
    editor.handle(KeyEvent(.end))
    #expect(editor.scrollLeft > 0)
    Snapshot.assert(width: 20, height: 3, named: "long-line-end", group: "TextEditor") {
      area, buffer in
      editor.render(in: area, into: &buffer)
    }
    editor.move(to: TextPosition(line: 0, column: 33))
    Snapshot.assert(width: 20, height: 3, named: "long-line-middle", group: "TextEditor") {
      area, buffer in
      editor.render(in: area, into: &buffer)
    }
  }

  @Test func rendersHighlightSelectionAndLineNumbers() {
    var editor = TextEditor(text: "select 1, '数据' as x -- 🚀\nfrom t\nwhere e\u{301} = 2")
    editor.showsLineNumbers = true
    editor.highlighter = { line in
      var spans: [StyleSpan] = []
      let chars = Array(line)
      var i = 0
      while i < chars.count {
        if chars[i].isLetter {
          let start = i
          while i < chars.count && chars[i].isLetter { i += 1 }
          let word = String(chars[start..<i])
          if ["select", "from", "where", "as"].contains(word) {
            spans.append(StyleSpan(start..<i, Style(foreground: .blue, attributes: .bold)))
          }
        } else {
          i += 1
        }
      }
      return spans
    }
    editor.viewport = Size(width: 30, height: 4)
    editor.move(to: TextPosition(line: 0, column: 7))
    editor.move(to: TextPosition(line: 1, column: 2), extend: true)
    Snapshot.assert(width: 30, height: 4, named: "highlight-selection", group: "TextEditor") {
      area, buffer in
      editor.render(in: area, into: &buffer)
    }
  }

  @Test(arguments: [(1, 1), (10, 3), (0, 0), (-2, 5)])
  func tinyAreas(width: Int, height: Int) {
    var editor = TextEditor(text: "数据 select\n🚀")
    editor.showsLineNumbers = true
    editor.viewport = Size(width: width, height: height)
    Snapshot.assert(
      width: max(width, 0), height: max(height, 0), named: "tiny-\(width)x\(height)",
      group: "TextEditor"
    ) { area, buffer in
      editor.render(in: area, into: &buffer)
      editor.render(in: Rect(x: 3, y: 1, width: width, height: height), into: &buffer)
    }
  }

  @Test func emptyEditor() {
    let editor = TextEditor()
    Snapshot.assert(width: 10, height: 3, named: "empty", group: "TextEditor") { area, buffer in
      editor.render(in: area, into: &buffer)
    }
  }
}
