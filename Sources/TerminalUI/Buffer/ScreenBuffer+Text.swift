extension ScreenBuffer {
  /// Writes `text` starting at column `x`, row `y`, using at most `maxWidth` display cells
  /// (default: to the right edge). Text that does not fit ends in "…"; a wide grapheme
  /// never gets split: the cell it cannot fill becomes a space. Zero-width graphemes
  /// (controls, stray combining marks) are skipped. Returns the display cells written.
  @discardableResult
  public mutating func put(
    _ text: some StringProtocol, x: Int, y: Int, maxWidth: Int? = nil, style: Style = .plain,
    truncation: Truncation = .ellipsis
  ) -> Int {
    let available = min(maxWidth ?? (width - x), width - x)
    guard available > 0, y >= 0, y < height else { return 0 }
    // Clip on the left: text starting left of the buffer is shifted (rare; used by scrolling
    // callers that already cut their text, so we simply drop the part before column 0).
    if x < 0 {
      return putClipped(text, x: 0, y: y, maxWidth: available + x, skip: -x, style: style)
    }
    if let count = DisplayWidth.printableASCIICount(text) {
      return putASCII(
        text, count: count, x: x, y: y, available: available, style: style,
        truncation: truncation)
    }
    // First pass: does the whole text fit? (stops at the first grapheme that does not)
    var used = 0
    var fits = true
    for character in text {
      let w = DisplayWidth.of(character)
      if used + w > available {
        fits = false
        break
      }
      used += w
    }
    let limit = x + available
    if fits || truncation == .clip {
      var column = x
      for character in text {
        let w = DisplayWidth.of(character)
        if w == 0 { continue }
        if column >= limit { break }
        column += setGrapheme(character, width: w, x: column, y: y, style: style, limit: limit)
      }
      return column - x
    }
    // Does not fit: leave one cell for the ellipsis.
    var column = x
    let textLimit = limit - 1
    for character in text {
      let w = DisplayWidth.of(character)
      if w == 0 { continue }
      if column + w > textLimit {
        if column < textLimit {  // a wide grapheme with one cell left: pad
          setGrapheme(" ", width: 1, x: column, y: y, style: style, limit: limit)
          column += 1
        }
        break
      }
      column += setGrapheme(character, width: w, x: column, y: y, style: style, limit: textLimit)
    }
    column += setGrapheme("…", width: 1, x: column, y: y, style: style, limit: limit)
    return column - x
  }

  /// `put` for text of `count` printable ASCII bytes: one cell per byte, no grapheme breaking.
  private mutating func putASCII(
    _ text: some StringProtocol, count: Int, x: Int, y: Int, available: Int, style: Style,
    truncation: Truncation
  ) -> Int {
    let fits = count <= available
    let shown = fits || truncation == .clip ? min(count, available) : available - 1
    var column = x
    for byte in text.utf8 {
      if column - x >= shown { break }
      setASCII(byte, x: column, y: y, style: style)
      column += 1
    }
    if !fits && truncation != .clip {
      column += setGrapheme("…", width: 1, x: column, y: y, style: style, limit: x + available)
    }
    return column - x
  }

  /// Writes text whose first `skip` display cells are scrolled off to the left; a wide
  /// grapheme cut by the left edge shows as a space.
  @discardableResult
  public mutating func putClipped(
    _ text: some StringProtocol, x: Int, y: Int, maxWidth: Int, skip: Int, style: Style = .plain
  ) -> Int {
    let available = min(maxWidth, width - x)
    guard available > 0, y >= 0, y < height, x >= 0 else { return 0 }
    let limit = x + available
    var offset = 0
    var column = x
    for character in text {
      let w = DisplayWidth.of(character)
      if w == 0 { continue }
      if offset + w <= skip {
        offset += w
        continue
      }
      if offset < skip {  // wide grapheme straddling the left edge
        offset += w
        column += setGrapheme(" ", width: 1, x: column, y: y, style: style, limit: limit)
        continue
      }
      offset += w
      if column >= limit { break }
      column += setGrapheme(character, width: w, x: column, y: y, style: style, limit: limit)
    }
    return column - x
  }

  /// Writes one line of text inside `rect`'s first row, aligned; overflow ends in "…".
  /// Cells of the row not covered by the text are left untouched.
  @discardableResult
  public mutating func put(
    _ text: some StringProtocol, in rect: Rect, alignment: Alignment, style: Style = .plain
  ) -> Int {
    guard rect.width > 0, rect.height > 0 else { return 0 }
    let textWidth = DisplayWidth.of(text)
    let offset: Int
    switch alignment {
    case .left: offset = 0
    case .center: offset = max(0, (rect.width - textWidth) / 2)
    case .right: offset = max(0, rect.width - textWidth)
    }
    return put(text, x: rect.x + offset, y: rect.y, maxWidth: rect.width - offset, style: style)
  }

  /// What happens to text longer than the space given to it.
  public enum Truncation: Hashable, Sendable {
    /// End with "…" in the last cell.
    case ellipsis
    /// Cut silently.
    case clip
  }
}
