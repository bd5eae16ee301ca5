/* SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the hooks authors
 *
 * true.c -- the trivial hook of the benchmark: a static program that
 * exits 0, so that what is timed is the cost of starting a program and
 * nothing the program itself does. */
int main(void)
{
    return 0;
}
