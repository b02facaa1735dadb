// The C side of the REPL's terminal: libedit's calls are variadic
// (`el_set(e, EL_PROMPT, fn)`, `history(h, &ev, H_ENTER, line)`), which
// Swift cannot call, so this shim wraps the few the REPL needs behind
// plain functions over one opaque editor.
#ifndef RPL_CEDITSHIM_H
#define RPL_CEDITSHIM_H

#include <stddef.h>

typedef struct rpl_editor rpl_editor;

/// Tab calls this with the whole line and the cursor's byte offset. It
/// returns the candidates as one malloc'd string, newline-separated (the
/// shim frees it), or NULL for none, and sets `*word_length` to how many
/// bytes before the cursor the candidates replace (the word being completed).
typedef char *_Nullable (*rpl_completer)(const char *_Nonnull line, int cursor, int *_Nonnull word_length);

/// A line editor on standard input/output: emacs bindings, history of
/// `history_size` lines, Tab bound to completion, Ctrl-C bound to cancel.
rpl_editor *_Nullable rpl_edit_open(const char *_Nonnull program, int history_size);
void rpl_edit_close(rpl_editor *_Nonnull editor);

/// The prompt shown by the next `rpl_edit_gets` (copied).
void rpl_edit_set_prompt(rpl_editor *_Nonnull editor, const char *_Nonnull prompt);

/// Whoever Tab calls; NULL turns completion off.
void rpl_edit_set_completer(rpl_editor *_Nonnull editor, rpl_completer _Nullable completer);

/// Reads one line. Returns 1 with a malloc'd line (without its newline) in
/// `*line`; 0 at end of input (Ctrl-D on an empty line); 2 when Ctrl-C
/// cancelled the line (`*line` is NULL); -1 on a read error.
int rpl_edit_gets(rpl_editor *_Nonnull editor, char *_Nullable *_Nonnull line);

/// History: add a line, load and save a file. Saving writes the file with
/// mode 0600 (it is opened that way, never widened), creating it if needed.
void rpl_edit_history_enter(rpl_editor *_Nonnull editor, const char *_Nonnull line);
int rpl_edit_history_load(rpl_editor *_Nonnull editor, const char *_Nonnull path);
int rpl_edit_history_save(rpl_editor *_Nonnull editor, const char *_Nonnull path);

#endif
