/* SPDX-License-Identifier: ISC */
/* detector_all.c - the registry of built-in detectors, in the order they run. */
#include <string.h>

#include "detect/detector.h"

extern const struct detector_ops detect_hijack_ops;
extern const struct detector_ops detect_newprefix_ops;
extern const struct detector_ops detect_visibility_ops;
extern const struct detector_ops detect_misconfiguration_ops;

extern const struct detector_ops detect_path_ops;
extern const struct detector_ops detect_path_neighbors_ops;
extern const struct detector_ops detect_rpki_ops;
extern const struct detector_ops detect_leak_ops;
extern const struct detector_ops detect_bogon_ops;
extern const struct detector_ops detect_moas_ops;

const struct detector_ops *const detector_all[] = {
    &detect_hijack_ops,
    &detect_newprefix_ops,
    &detect_visibility_ops,
    &detect_misconfiguration_ops,
    &detect_path_ops,
    &detect_path_neighbors_ops,
    &detect_rpki_ops,
    &detect_leak_ops,
    &detect_bogon_ops,
    &detect_moas_ops,
    NULL,
};

const struct detector_ops *detector_find(const char *name)
{
	for (size_t i = 0; detector_all[i]; i++)
		if (!strcmp(detector_all[i]->name, name))
			return detector_all[i];
	return NULL;
}
