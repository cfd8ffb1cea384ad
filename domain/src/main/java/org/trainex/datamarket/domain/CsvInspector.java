package org.trainex.datamarket.domain;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.trainex.shared.api.InvalidInputException;

/**
 * Checks a tabular dataset in CSV (RFC 4180, UTF-8, plain or gzip) against a data request's CSV schema and counts
 * it (issue 4 item 1: "CSV with named columns and a label column"). Parsing is Apache Commons CSV.
 *
 * <p>Rules: the header must name exactly the request's columns, in order; every row has as many fields as the
 * header; every feature is a finite decimal number; the label is an integer of the request's label set; at least
 * one row.
 */
public final class CsvInspector {
    /** Largest number of columns accepted. */
    public static final int MAX_COLUMNS = 10_000;
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
            .setIgnoreSurroundingSpaces(true).get();

    private CsvInspector() {
    }

    /**
     * @param csv         the CSV stream, read to its end (not closed)
     * @param columns     the request's columns, in order
     * @param labelColumn the label column (one of {@code columns})
     * @param labelSet    the allowed labels
     * @return samples = rows, rows = 1, columns = feature columns, classes = highest label + 1, histogram per label
     * @throws InvalidInputException naming the row and column of the first problem
     */
    public static IdxInspector.Summary inspect(InputStream csv, List<String> columns, String labelColumn,
                                               Set<Integer> labelSet) {
        try (Reader reader = new InputStreamReader(IdxInspector.maybeGunzip(csv), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
             CSVParser parser = CSVParser.builder().setReader(reader).setFormat(FORMAT).get()) {
            List<String> header = parser.getHeaderNames();
            if (!header.equals(columns)) {
                throw new InvalidInputException("the CSV header is " + header + ", the request wants " + columns);
            }
            int labelIndex = columns.indexOf(labelColumn);
            long[] histogram = new long[256];
            int rows = 0;
            int maxLabel = -1;
            for (CSVRecord r : parser) {
                long line = r.getRecordNumber() + 1; // the header is line 1
                if (r.size() != columns.size()) {
                    throw new InvalidInputException("CSV line " + line + " has " + r.size() + " fields, the header "
                            + columns.size());
                }
                for (int c = 0; c < r.size(); c++) {
                    String v = r.get(c);
                    if (c == labelIndex) {
                        int label = label(v, line, labelColumn);
                        if (!labelSet.contains(label)) {
                            throw new InvalidInputException("CSV line " + line + ": label " + label
                                    + " is outside the label set " + new java.util.TreeSet<>(labelSet));
                        }
                        histogram[label]++;
                        maxLabel = Math.max(maxLabel, label);
                    } else if (!isNumber(v)) {
                        throw new InvalidInputException("CSV line " + line + ", column '" + columns.get(c) + "': '"
                                + shorten(v) + "' is not a finite number");
                    }
                }
                rows++;
            }
            if (rows == 0) {
                throw new InvalidInputException("the CSV file has a header but no rows");
            }
            long[] used = java.util.Arrays.copyOf(histogram, maxLabel + 1);
            return new IdxInspector.Summary(rows, 1, columns.size() - 1, maxLabel + 1, used);
        } catch (CharacterCodingException e) {
            throw new InvalidInputException("the CSV file is not UTF-8 text");
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            if (e instanceof InvalidInputException) {
                throw e;
            }
            throw new InvalidInputException("malformed CSV: " + rootMessage(e));
        } catch (IOException e) {
            throw new InvalidInputException("malformed CSV: " + rootMessage(e));
        }
    }

    /** The first {@code count} rows (header first) of a CSV stream, for previews. */
    public static List<List<String>> head(InputStream csv, int count) {
        try (Reader reader = new InputStreamReader(IdxInspector.maybeGunzip(csv), StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.builder().setReader(reader).setFormat(FORMAT).get()) {
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.copyOf(parser.getHeaderNames()));
            for (CSVRecord r : parser) {
                if (rows.size() > count) {
                    break;
                }
                rows.add(r.toList());
            }
            return rows;
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException("malformed CSV: " + rootMessage(e));
        }
    }

    private static int label(String v, long line, String column) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("CSV line " + line + ", label column '" + column + "': '" + shorten(v)
                    + "' is not an integer label");
        }
    }

    private static boolean isNumber(String v) {
        if (v.isEmpty() || v.length() > 64) {
            return false;
        }
        try {
            return Double.isFinite(Double.parseDouble(v)) && !v.endsWith("d") && !v.endsWith("D")
                    && !v.endsWith("f") && !v.endsWith("F");
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String shorten(String v) {
        return v.length() > 40 ? v.substring(0, 40) + "…" : v;
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r.getMessage() == null ? r.getClass().getSimpleName() : r.getMessage();
    }
}
