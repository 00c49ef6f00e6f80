/* SPDX-License-Identifier: ISC */
/* check_out.h - helpers the report writers share (check_out_common.c). */
#ifndef MANRS_CHECK_OUT_H
#define MANRS_CHECK_OUT_H

#include "check/check_internal.h"

/* One line saying what a metric measures. */
const char *ck_metric_title(enum check_metric_id m);
/* Why a metric has no data, naming the missing input. */
const char *ck_metric_missing(enum check_metric_id m, const struct check_have *h);
/* ISO 8601 UTC time, "-" for 0. */
char *ck_time(uint32_t t, char *buf, size_t n);
/* The evidence behind a metric, one line. */
void ck_evidence(const struct check_as *a, enum check_metric_id m, char *buf, size_t n);

#endif
