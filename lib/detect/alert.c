/* SPDX-License-Identifier: ISC */
/* alert.c - names of the alert enums, as they appear in JSON, the store
 * and every sink. */
#include "detect/alert.h"

const char *alert_state_name(enum alert_state s)
{
	switch (s) {
	case ALERT_OPEN:
		return "open";
	case ALERT_UPDATED:
		return "updated";
	case ALERT_RESOLVED:
		return "resolved";
	}
	return "unknown";
}

const char *alert_severity_name(enum alert_severity s)
{
	switch (s) {
	case ALERT_INFO:
		return "info";
	case ALERT_WARNING:
		return "warning";
	case ALERT_CRITICAL:
		return "critical";
	}
	return "unknown";
}

const char *alert_rpki_name(enum alert_rpki r)
{
	switch (r) {
	case ALERT_RPKI_UNCHECKED:
		return "unchecked";
	case ALERT_RPKI_VALID:
		return "valid";
	case ALERT_RPKI_INVALID:
		return "invalid";
	case ALERT_RPKI_NOTFOUND:
		return "not-found";
	}
	return "unknown";
}

const char *alert_irr_name(enum alert_irr r)
{
	switch (r) {
	case ALERT_IRR_UNCHECKED:
		return "unchecked";
	case ALERT_IRR_REGISTERED:
		return "registered";
	case ALERT_IRR_UNREGISTERED:
		return "unregistered";
	}
	return "unknown";
}
