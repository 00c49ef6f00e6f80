/* SPDX-License-Identifier: ISC */
/* alert_json_read.h - an alert read back from alert_json_write's text. */
#ifndef MANRS_ALERT_JSON_READ_H
#define MANRS_ALERT_JSON_READ_H

#include <stddef.h>

#include "core/err.h"
#include "detect/alert.h"

/* Rebuild an alert from the n bytes of text written by alert_json_write
 * (an older store's rows too: unknown members are ignored, missing ones
 * stay zero, strings too long are cut to the field). Returns 0, or -1
 * with e naming the problem. */
int alert_json_parse(const char *text, size_t n, struct alert *a, struct err *e);

#endif
