package io.parley.bench.loadgen;

/**
 * Entry point of the load generator: parses the options and runs the chosen scenario. See
 * {@link LoadGenConfig#USAGE} or {@code --help}.
 */
public final class LoadGenCli {

    private LoadGenCli() {
    }

    public static void main(String[] args) {
        LoadGenConfig config;
        try {
            config = LoadGenConfig.parse(args);
        } catch (IllegalArgumentException e) {
            if (!"help".equals(e.getMessage())) {
                System.err.println("error: " + e.getMessage());
            }
            System.err.println(LoadGenConfig.USAGE);
            System.exit("help".equals(e.getMessage()) ? 0 : 64);
            return;
        }
        int code = config.mode == LoadGenConfig.Mode.CHAT
                ? new ChatLoadRun(config, System.out).run()
                : new ConnectionLoadRun(config, System.out).run();
        System.exit(code);
    }
}
