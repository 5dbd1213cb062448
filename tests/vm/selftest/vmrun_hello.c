// SPDX-License-Identifier: GPL-2.0
/*
 * vmrun_hello - trivial module used by `make vm-selftest` to prove that
 * `vm-run --module` + `modprobe` work and that the module build emits BTF.
 */
#include <linux/module.h>
#include <linux/init.h>
#include <linux/moduleparam.h>

static int greeting = 42;
module_param(greeting, int, 0444);
MODULE_PARM_DESC(greeting, "exposed in /sys/module/vmrun_hello/parameters");

struct vmrun_hello_state {		/* a type for module BTF to describe */
	int greeting;
	unsigned long loads;
};
static struct vmrun_hello_state vmrun_hello_state;

static int __init vmrun_hello_init(void)
{
	vmrun_hello_state.greeting = greeting;
	vmrun_hello_state.loads++;
	pr_info("vmrun_hello: loaded (greeting=%d)\n", greeting);
	return 0;
}

static void __exit vmrun_hello_exit(void)
{
	pr_info("vmrun_hello: unloaded\n");
}

module_init(vmrun_hello_init);
module_exit(vmrun_hello_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("inputtrace test-bed selftest module");
