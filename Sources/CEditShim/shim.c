#include "CEditShim.h"

#include <errno.h>
#include <fcntl.h>
#include <histedit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

struct rpl_editor {
    EditLine *el;
    History *history;
    char prompt[256];
    rpl_completer completer;
    int cancelled;
};

// A completed directory path: Tab goes on into it, so no space follows.
static int ends_with_slash(const char *text) {
    size_t length = strlen(text);
    return length > 0 && text[length - 1] == '/';
}

// libedit's prompt callback gets only the EditLine; the editor rides along
// as its client data.
static char *prompt_of(EditLine *el) {
    rpl_editor *editor = NULL;
    el_get(el, EL_CLIENTDATA, &editor);
    return editor ? editor->prompt : "";
}

// Prints candidates in columns under the line; libedit redraws the prompt
// and the line after (CC_REDISPLAY).
static void list_candidates(char **items, int count) {
    size_t widest = 0;
    for (int i = 0; i < count; i++) {
        size_t n = strlen(items[i]);
        if (n > widest) widest = n;
    }
    int width = 80;
    struct winsize size;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) width = size.ws_col;
    int column = (int)widest + 2;
    int per_line = width / column;
    if (per_line < 1) per_line = 1;
    fputc('\n', stdout);
    for (int i = 0; i < count; i++) {
        int last = (i % per_line == per_line - 1) || i == count - 1;
        if (last) fprintf(stdout, "%s\n", items[i]);
        else fprintf(stdout, "%-*s", column, items[i]);
    }
    fflush(stdout);
}

static unsigned char complete(EditLine *el, int ch) {
    (void)ch;
    rpl_editor *editor = NULL;
    el_get(el, EL_CLIENTDATA, &editor);
    if (!editor || !editor->completer) return CC_ERROR;
    const LineInfo *info = el_line(el);
    size_t length = (size_t)(info->lastchar - info->buffer);
    char *line = malloc(length + 1);
    if (!line) return CC_ERROR;
    memcpy(line, info->buffer, length);
    line[length] = '\0';
    int cursor = (int)(info->cursor - info->buffer);
    int word_length = 0;
    char *answer = editor->completer(line, cursor, &word_length);
    free(line);
    if (!answer) return CC_REFRESH_BEEP;

    int count = 0;
    char *items[512];
    for (char *save = NULL, *item = strtok_r(answer, "\n", &save); item && count < 512;
         item = strtok_r(NULL, "\n", &save)) {
        items[count++] = item;
    }
    unsigned char result = CC_REFRESH_BEEP;
    if (count > 0) {
        size_t common = strlen(items[0]);
        for (int i = 1; i < count; i++) {
            size_t k = 0;
            while (k < common && items[i][k] == items[0][k]) k++;
            common = k;
        }
        if (word_length < 0 || (size_t)word_length > common) word_length = (int)common;
        if (common > (size_t)word_length) {
            // Insert what every candidate shares beyond the typed word;
            // a single candidate is a finished word, so a space follows,
            // unless it is a directory (`plans/`) that Tab goes on into.
            char saved = items[0][common];
            items[0][common] = '\0';
            el_insertstr(el, items[0] + word_length);
            items[0][common] = saved;
            if (count == 1 && !ends_with_slash(items[0])) el_insertstr(el, " ");
            result = CC_REFRESH;
        } else if (count == 1 && !ends_with_slash(items[0])) {
            el_insertstr(el, " ");
            result = CC_REFRESH;
        } else {
            list_candidates(items, count);
            result = CC_REDISPLAY;
        }
    }
    free(answer);
    return result;
}

// Ctrl-C: drop the line being typed and return to the prompt, without
// leaving. The line ends as if Enter was pressed; the caller sees
// `cancelled` and discards it.
static unsigned char cancel(EditLine *el, int ch) {
    (void)ch;
    rpl_editor *editor = NULL;
    el_get(el, EL_CLIENTDATA, &editor);
    if (editor) editor->cancelled = 1;
    fputs("^C", stdout);
    fflush(stdout);
    return CC_NEWLINE;
}

rpl_editor *rpl_edit_open(const char *program, int history_size) {
    rpl_editor *editor = calloc(1, sizeof *editor);
    if (!editor) return NULL;
    editor->el = el_init(program, stdin, stdout, stderr);
    editor->history = history_init();
    if (!editor->el || !editor->history) {
        rpl_edit_close(editor);
        return NULL;
    }
    HistEvent event;
    history(editor->history, &event, H_SETSIZE, history_size);
    history(editor->history, &event, H_SETUNIQUE, 1);

    EditLine *el = editor->el;
    el_set(el, EL_CLIENTDATA, editor);
    el_set(el, EL_EDITOR, "emacs");
    el_set(el, EL_PROMPT, prompt_of);
    el_set(el, EL_HIST, history, editor->history);
    el_set(el, EL_SIGNAL, 1);
    // Ctrl-C is a key while editing (so it can cancel the line rather
    // than kill the process); outside the editor it stays SIGINT.
    el_set(el, EL_SETTY, "-d", "-isig", NULL);
    el_set(el, EL_ADDFN, "rpl-complete", "complete the word before the cursor", complete);
    el_set(el, EL_BIND, "^I", "rpl-complete", NULL);
    el_set(el, EL_ADDFN, "rpl-cancel", "cancel the input", cancel);
    el_set(el, EL_BIND, "^C", "rpl-cancel", NULL);
    // ~/.editrc may rebind keys, as in other libedit programs.
    el_source(el, NULL);
    return editor;
}

void rpl_edit_close(rpl_editor *editor) {
    if (editor->el) el_end(editor->el);
    if (editor->history) history_end(editor->history);
    free(editor);
}

void rpl_edit_set_prompt(rpl_editor *editor, const char *prompt) {
    strncpy(editor->prompt, prompt, sizeof editor->prompt - 1);
    editor->prompt[sizeof editor->prompt - 1] = '\0';
}

void rpl_edit_set_completer(rpl_editor *editor, rpl_completer completer) {
    editor->completer = completer;
}

int rpl_edit_gets(rpl_editor *editor, char **line) {
    *line = NULL;
    editor->cancelled = 0;
    int count = 0;
    const char *text = el_gets(editor->el, &count);
    if (editor->cancelled) {
        editor->cancelled = 0;
        fputc('\n', stdout);
        fflush(stdout);
        return 2;
    }
    if (!text) return count < 0 ? -1 : 0;
    size_t length = strlen(text);
    while (length > 0 && (text[length - 1] == '\n' || text[length - 1] == '\r')) length--;
    char *copy = malloc(length + 1);
    if (!copy) return -1;
    memcpy(copy, text, length);
    copy[length] = '\0';
    *line = copy;
    return 1;
}

void rpl_edit_history_enter(rpl_editor *editor, const char *line) {
    HistEvent event;
    history(editor->history, &event, H_ENTER, line);
}

int rpl_edit_history_load(rpl_editor *editor, const char *path) {
    HistEvent event;
    return history(editor->history, &event, H_LOAD, path) < 0 ? -1 : 0;
}

int rpl_edit_history_save(rpl_editor *editor, const char *path) {
    // Opened 0600 from the start: history may hold machine names and
    // plans, and must never be readable by others, not even for a moment.
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return -1;
    fchmod(fd, 0600);
    FILE *file = fdopen(fd, "w");
    if (!file) {
        close(fd);
        return -1;
    }
    HistEvent event;
    int saved = history(editor->history, &event, H_SAVE_FP, file);
    return (fclose(file) == 0 && saved >= 0) ? 0 : -1;
}
