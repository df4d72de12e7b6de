package io.parley.bench.loadgen;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuSamplerTest {

    @Test
    void readsUtimePlusStimeEvenWhenTheCommandHasSpacesAndParens() {
        String stat = "4242 (my (odd) app) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 75 0 0 20 0 12 0 "
                + "100 123456789 2000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";
        assertEquals(325, CpuSampler.cpuTicksFromStat(stat));
    }

    @Test
    void readsVmRss() {
        String status = "Name:\tjava\nVmPeak:\t 9000 kB\nVmRSS:\t  123456 kB\nThreads:\t12\n";
        assertEquals(123456, CpuSampler.rssKibFromStatus(status));
    }

    @Test
    void cpuPercentIsRelativeToOneCore() {
        CpuSampler sampler = new CpuSampler(1, 100);
        CpuSampler.Sample a = new CpuSampler.Sample(0, 1000, true);
        CpuSampler.Sample b = new CpuSampler.Sample(2_000_000_000L, 1300, true);
        assertEquals(150.0, sampler.cpuPercent(a, b), 1e-9);
        assertTrue(Double.isNaN(sampler.cpuPercent(a, new CpuSampler.Sample(1, 0, false))));
    }

    @Test
    void readsHostBusyTicksWithoutIdleAndIowait() {
        String procStat = "cpu  100 5 50 1000 20 3 2 1 0 0\ncpu0 50 2 25 500 10 1 1 0 0 0\n";
        assertEquals(100 + 5 + 50 + 3 + 2 + 1, CpuSampler.hostBusyTicksFromProcStat(procStat));
        assertTrue(CpuSampler.hostSample().valid());
    }

    @Test
    void samplesItsOwnProcess() {
        CpuSampler self = CpuSampler.self();
        assertTrue(self.sample().valid());
        assertTrue(self.rssKib() > 0);
    }

    @Test
    void readsTheJitCompilersOfAJvmAndNothingOfAProcessThatIsNotOne() throws Exception {
        // this test runs on HotSpot: its C1/C2 compiler threads are there and have compiled something by now
        CpuSampler.Sample jit = CpuSampler.self().jitSample();
        assertTrue(jit.valid());
        assertTrue(jit.cpuTicks() >= 0);
        Process sleep = new ProcessBuilder("sleep", "30").start();
        try {
            CpuSampler notAJvm = new CpuSampler(sleep.pid());
            assertTrue(notAJvm.sample().valid());
            assertFalse(notAJvm.jitSample().valid());
            ServerProcesses both = ServerProcesses.of(java.util.List.of(ProcessHandle.current().pid(), sleep.pid()));
            assertTrue(both.jitSample().valid(), "the JVM's compilers count, the other process adds none");
            assertFalse(ServerProcesses.of(java.util.List.of(sleep.pid())).jitSample().valid());
        } finally {
            sleep.destroy();
            sleep.waitFor();
        }
    }
}
