/* main.c: the CUnit runner for the core's unit tests. */
#include "config.h"

#include "unit.h"

int
main(void)
{
	add_error_tests();
	add_util_tests();
	add_opt_tests();
	add_file_tests();
	add_foreign_tests();
	add_encoding_tests();
	add_config_tests();
	add_response_tests();
	add_refresh_tests();
	add_spread_tests();
	add_retry_tests();
	add_explain_tests();
	add_wipe_tests();
	return unit_run();
}
