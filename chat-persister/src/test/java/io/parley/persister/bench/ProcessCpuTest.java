package io.parley.persister.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The readings the benchmark programs warm up and report with: a JVM's CPU and its JIT's, from /proc. */
class ProcessCpuTest {

    private static final String SELF = Long.toString(ProcessHandle.current().pid());

    @Test
    void aJvmHasCpuAndJitCompilerThreadsAndTheirTimeOnlyGrows() {
        long total = ProcessCpu.totalNanos(SELF);
        long jit = ProcessCpu.jitCompilerNanos(SELF);
        assertTrue(total > 0, "this JVM has used CPU: " + total);
        assertTrue(jit > 0, "this JVM (HotSpot) has C1/C2 compiler threads, and they have compiled the test run so far: " + jit);
        assertTrue(jit <= total, "the compilers' share cannot exceed the process's CPU");
        assertTrue(ProcessCpu.totalNanos(SELF) >= total);
        assertTrue(ProcessCpu.jitCompilerNanos(SELF) >= jit);
    }

    @Test
    void anUnknownProcessReadsAsUnknownAndAPercentOfUnknownIsUnknown() throws Exception {
        assertEquals(-1, ProcessCpu.totalNanos(""));
        assertEquals(-1, ProcessCpu.jitCompilerNanos(" "));
        assertEquals(-1, ProcessCpu.totalNanos(null));
        Process sleep = new ProcessBuilder("sleep", "30").start();
        String pid = Long.toString(sleep.pid());
        try {
            assertTrue(ProcessCpu.totalNanos(pid) >= 0, "a running process that is not a JVM has a CPU time");
            assertEquals(0, ProcessCpu.jitCompilerNanos(pid), "and no JIT compiler threads");
        } finally {
            sleep.destroy();
            sleep.waitFor();
        }
        assertEquals(-1, ProcessCpu.totalNanos(pid), "a process that has ended");
        assertEquals(-1, ProcessCpu.jitCompilerNanos(pid));

        assertEquals(50.0, ProcessCpu.percentOfACore(1_000_000_000L, 1_500_000_000L, 1_000_000_000L));
        assertEquals(-1, ProcessCpu.percentOfACore(-1, 1_500_000_000L, 1_000_000_000L));
        assertEquals(-1, ProcessCpu.percentOfACore(1_000_000_000L, -1, 1_000_000_000L));
    }
}
