/* unit.h: the suites of the CUnit runner (tests/unit/main.c). */
#ifndef MP_UNIT_H
#define MP_UNIT_H

#include <CUnit/CUnit.h>

#include "../cu-fatal.h"

void add_config_tests(void);
void add_response_tests(void);
void add_encoding_tests(void);
void add_error_tests(void);
void add_refresh_tests(void);
void add_spread_tests(void);
void add_retry_tests(void);
void add_explain_tests(void);
void add_util_tests(void);
void add_opt_tests(void);
void add_file_tests(void);
void add_foreign_tests(void);
void add_wipe_tests(void);

/* Register a suite of NULL-terminated { name, fn } pairs. */
struct unit_case { const char *name; CU_TestFunc fn; };
void unit_suite(const char *name, const struct unit_case *cases);
/* Run every registered suite; 0 when all passed, 1 otherwise, 99 on none. */
int unit_run(void);

#endif
