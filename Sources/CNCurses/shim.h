// The ncurses surface Flint uses, made importable from Swift 6.
//
// Swift 6 rejects reading the C globals stdscr, LINES, COLS and COLORS
// ("not concurrency-safe"), and the attribute macros (A_BOLD, ...) do not
// import; the static inline accessors below replace them.
#ifndef FLINT_CNCURSES_SHIM_H
#define FLINT_CNCURSES_SHIM_H
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

static inline WINDOW *flint_stdscr(void) { return stdscr; }
static inline int flint_lines(void) { return LINES; }
static inline int flint_cols(void) { return COLS; }
static inline int flint_colors(void) { return COLORS; }
static inline int flint_color_pairs(void) { return COLOR_PAIRS; }
static inline attr_t flint_a_normal(void) { return A_NORMAL; }
static inline attr_t flint_a_bold(void) { return A_BOLD; }
static inline attr_t flint_a_dim(void) { return A_DIM; }
static inline attr_t flint_a_italic(void) { return A_ITALIC; }
static inline attr_t flint_a_underline(void) { return A_UNDERLINE; }
static inline attr_t flint_a_reverse(void) { return A_REVERSE; }
static inline int flint_key_resize(void) { return KEY_RESIZE; }
static inline int flint_key_mouse(void) { return KEY_MOUSE; }
static inline int flint_key_f(int n) { return KEY_F(n); }
static inline mmask_t flint_all_mouse_events(void) { return ALL_MOUSE_EVENTS | REPORT_MOUSE_POSITION; }
static inline mmask_t flint_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t flint_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t flint_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t flint_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t flint_button5_pressed(void) { return BUTTON5_PRESSED; }
static inline int flint_ok(void) { return OK; }
static inline int flint_err(void) { return ERR; }
static inline int flint_key_code_yes(void) { return KEY_CODE_YES; }

// Mouse masks used to decode MEVENT.bstate (the BUTTON* macros do not import).
static inline mmask_t flint_all_mouse_buttons(void) { return ALL_MOUSE_EVENTS; }
static inline mmask_t flint_button_pressed(int b) {
  switch (b) {
    case 1: return BUTTON1_PRESSED; case 2: return BUTTON2_PRESSED; case 3: return BUTTON3_PRESSED;
    case 4: return BUTTON4_PRESSED; default: return BUTTON5_PRESSED;
  }
}
static inline mmask_t flint_button_released(int b) {
  switch (b) {
    case 1: return BUTTON1_RELEASED; case 2: return BUTTON2_RELEASED; case 3: return BUTTON3_RELEASED;
    case 4: return BUTTON4_RELEASED; default: return BUTTON5_RELEASED;
  }
}
static inline mmask_t flint_button_clicked(int b) {
  switch (b) {
    case 1: return BUTTON1_CLICKED; case 2: return BUTTON2_CLICKED; case 3: return BUTTON3_CLICKED;
    case 4: return BUTTON4_CLICKED; default: return BUTTON5_CLICKED;
  }
}
static inline mmask_t flint_button_shift(void) { return BUTTON_SHIFT; }
static inline mmask_t flint_button_ctrl(void) { return BUTTON_CTRL; }
static inline mmask_t flint_button_alt(void) { return BUTTON_ALT; }

// Draws one grapheme (up to CCHARW_MAX scalars, NUL-terminated) with attributes and an
// extended colour pair at (y, x); hides the cchar_t layout from Swift.
static inline int flint_put_cell(WINDOW *w, int y, int x, const wchar_t *text, attr_t attrs, int pair) {
  cchar_t cell;
  if (setcchar(&cell, text, attrs, 0, &pair) == ERR) return ERR;
  return mvwadd_wch(w, y, x, &cell);
}
static inline int flint_ccharw_max(void) { return CCHARW_MAX; }

// stdin/stdout are C globals Swift 6 will not read; newterm needs them.
static inline FILE *flint_stdout(void) { return stdout; }
static inline FILE *flint_stdin(void) { return stdin; }
// wcwidth of the C library (what curses uses to advance the cursor).
int wcwidth(wchar_t c);
static inline int flint_wcwidth(wchar_t c) { return wcwidth(c); }
#endif
