/* phrases.h — explain's words: per class (and per wording or detail) what
 * a line means and what to do about it, and the UI phrases, in every
 * language of TS_LANGS (pure data, phrases.c). */
#ifndef TS_PHRASES_H
#define TS_PHRASES_H

#include "lexer/pluto.h"

/* The languages, in table column order: code and name. A translator adds
 * one here and a column to the tables of phrases.c. */
#define TS_LANGS(X) X(EN, "en", "English") X(ZH, "zh", "简体中文") X(ZH_TW, "zh-TW", "繁體中文（台灣）")

enum ts_lang {
#define TS_X_LANG(id, code, name) TS_LANG_##id,
    TS_LANGS(TS_X_LANG)
#undef TS_X_LANG
    TS_NLANG
};

/* Language by code ("en", "zh", "zh-TW") into *lang: TS_OK, or TS_EUSAGE
 * if unknown. */
int ts_phrases_lang_by_name(const char *code, int *lang);
const char *ts_phrases_lang_code(int lang);

struct ts_phrases_row {
    int cls;
    const char *when;           /* the body starts with this (or with one of "a|b"), or "=X": the
                                   detail (d1) is X; NULL: the class's default */
    const char *say[TS_NLANG];  /* what the line means: one sentence */
    const char *todo[TS_NLANG]; /* what to do about it; NULL when nothing is needed */
};

/* The number of rows of the table, and row i's class, the
 * body start it applies to (NULL: the class's default) and its meaning and
 * advice in lang (advice NULL when the row gives none). */
int ts_phrases_nrows(void);
void ts_phrases_row(int i, int lang, int *cls, const char **when, const char **say, const char **todo);
/* Number of UI phrases, and phrase i in lang. */
int ts_phrases_nwords(void);
const char *ts_phrases_word(int i, int lang);
const struct ts_phrases_row *ts_phrases_get(int i);

/* The UI phrases. */
enum { TS_W_TODO, TS_W_NOT_IKE, TS_W_DEBUG, TS_W_REPEATED, TS_W_UNKNOWN_HEAD, TS_W_UNKNOWN_NONE, TS_W_COUNT, TS_W_SHAPE, TS_W_EXAMPLE,
       TS_W_DROPPED, TS_W_NWORDS };
extern const char *const ts_phrases_words[TS_W_NWORDS][TS_NLANG];

#endif
