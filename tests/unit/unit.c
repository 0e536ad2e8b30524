/* unit.c: registering and running CUnit suites, for every unit program. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <CUnit/Basic.h>

#include "unit.h"

void
unit_suite(const char *name, const struct unit_case *cases)
{
	CU_pSuite s;

	if (CU_get_registry() == NULL && CU_initialize_registry() != CUE_SUCCESS) {
		fprintf(stderr, "CU_initialize_registry: %s\n", CU_get_error_msg());
		exit(99);
	}
	if ((s = CU_add_suite(name, NULL, NULL)) == NULL) {
		fprintf(stderr, "CU_add_suite: %s\n", CU_get_error_msg());
		exit(99);
	}
	for (; cases->name != NULL; cases++)
		if (CU_add_test(s, cases->name, cases->fn) == NULL) {
			fprintf(stderr, "CU_add_test: %s\n", CU_get_error_msg());
			exit(99);
		}
}

int
unit_run(void)
{
	unsigned failed;

	if (CU_get_registry() == NULL)
		return 99;	/* no suite at all: a test that cannot fail */
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	if (CU_get_error() != CUE_SUCCESS)
		failed++;
	CU_cleanup_registry();
	return failed == 0 ? 0 : 1;
}
