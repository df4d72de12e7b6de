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
    void theMachinesBusyTimeCoversThisProcessesWork() {
        long machine = ProcessCpu.machineBusyNanos();
        long self = ProcessCpu.totalNanos(SELF);
        long spinUntil = System.nanoTime() + 300_000_000L;
        long x = 0;
        while (System.nanoTime() < spinUntil) {
            x += Long.numberOfTrailingZeros(x + System.nanoTime());
        }
        long selfUsed = ProcessCpu.totalNanos(SELF) - self;
        long machineUsed = ProcessCpu.machineBusyNanos() - machine;
        assertTrue(machine > 0 && x >= 0, "the machine has been busy before: " + machine);
        assertTrue(selfUsed >= 200_000_000L, "300 ms of spinning is at least 200 ms of this process's CPU: " + selfUsed);
        // 10 ms ticks, read at slightly different moments
        assertTrue(machineUsed >= selfUsed - 30_000_000L, "machine " + machineUsed + " ns, this process " + selfUsed + " ns");
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
