import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.web3j.codegen.SolidityFunctionWrapperGenerator;
import org.web3j.tx.Contract;

/**
 * Build step of chain-gateway (run by exec-maven-plugin as a single-file source program, with web3j codegen on
 * the class path): generates a web3j wrapper per {@code <Name>.abi}/{@code <Name>.bin} pair that
 * {@code src/main/js/compile.mjs} wrote.
 *
 * <pre>java -cp CODEGEN_CLASSPATH GenerateWrappers.java CONTRACTS_DIR OUTPUT_DIR PACKAGE [CONTRACTS_DIR OUTPUT_DIR PACKAGE ...]</pre>
 *
 * Same generator and options as {@code org.web3j.codegen.SolidityFunctionWrapperGenerator -a X.abi -b X.bin -o OUT
 * -p PACKAGE} (Java native types, 20-byte addresses), but in one JVM for all contracts, failing with an exception
 * instead of {@code System.exit}, skipping wrappers newer than their ABI and binary, and deleting wrappers whose
 * contract is gone.
 */
public class GenerateWrappers {
    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args.length % 3 != 0) {
            throw new IllegalArgumentException("usage: GenerateWrappers CONTRACTS_DIR OUTPUT_DIR PACKAGE [...]");
        }
        for (int i = 0; i < args.length; i += 3) {
            generate(Path.of(args[i]), Path.of(args[i + 1]), args[i + 2]);
        }
    }

    static void generate(Path contracts, Path out, String pkg) throws Exception {
        if (!Files.isDirectory(contracts)) {
            throw new IllegalStateException("no compiled contracts in " + contracts + " (did compile.mjs run?)");
        }
        Path pkgDir = out.resolve(pkg.replace('.', File.separatorChar));
        List<String> generated = new ArrayList<>();
        Set<String> names = new HashSet<>();
        try (Stream<Path> files = Files.list(contracts)) {
            for (Path abi : files.filter(p -> p.toString().endsWith(".abi")).sorted().toList()) {
                String name = abi.getFileName().toString().replaceFirst("\\.abi$", "");
                Path bin = contracts.resolve(name + ".bin");
                if (!Files.exists(bin)) {
                    throw new IllegalStateException("missing " + bin);
                }
                names.add(name + ".java");
                Path wrapper = pkgDir.resolve(name + ".java");
                if (Files.exists(wrapper) && newer(wrapper, abi) && newer(wrapper, bin)) {
                    continue;
                }
                new SolidityFunctionWrapperGenerator(bin.toFile(), abi.toFile(), out.toFile(), name, pkg,
                        true, false, false, Contract.class, 20, false).generate();
                generated.add(name);
            }
        }
        if (Files.isDirectory(pkgDir)) {
            try (Stream<Path> files = Files.list(pkgDir)) {
                for (Path stale : files.filter(p -> !names.contains(p.getFileName().toString())).toList()) {
                    Files.delete(stale);
                    System.out.println("[web3j] deleted stale wrapper " + stale);
                }
            }
        }
        System.out.println("[web3j] " + pkg + ": " + (generated.isEmpty() ? "wrappers up to date"
                : "generated " + String.join(", ", generated)) + " in " + out);
    }

    static boolean newer(Path a, Path b) throws IOException {
        return Files.getLastModifiedTime(a).compareTo(Files.getLastModifiedTime(b)) > 0;
    }
}
