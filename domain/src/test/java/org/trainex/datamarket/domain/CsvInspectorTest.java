package org.trainex.datamarket.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.trainex.shared.api.InvalidInputException;

class CsvInspectorTest {
    static final List<String> COLUMNS = List.of("sepal", "petal", "species");
    static final Set<Integer> LABELS = Set.of(0, 1, 2);

    static IdxInspector.Summary inspect(String csv) {
        return CsvInspector.inspect(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), COLUMNS,
                "species", LABELS);
    }

    static String error(String csv) {
        return assertThrows(InvalidInputException.class, () -> inspect(csv)).getMessage();
    }

    @Test
    void countsRowsAndLabels() {
        IdxInspector.Summary s = inspect("sepal,petal,species\n5.1,1.4,0\n7.0,4.7,1\n6.3,6.0,2\n4.9,1.5,0\n");
        assertEquals(4, s.samples());
        assertEquals(2, s.columns(), "feature columns");
        assertEquals(3, s.classes());
        assertArrayEquals(new long[] {2, 1, 1}, s.histogram());
    }

    @Test
    void readsGzipAndQuotedFields() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(b)) {
            gz.write("sepal,petal,species\r\n\"5.1\",1e-1,1\r\n".getBytes(StandardCharsets.UTF_8));
        }
        IdxInspector.Summary s = CsvInspector.inspect(new ByteArrayInputStream(b.toByteArray()), COLUMNS, "species",
                LABELS);
        assertEquals(1, s.samples());
    }

    @Test
    void refusesWithThePreciseReason() {
        assertTrue(error("petal,sepal,species\n1,2,0\n").contains("the CSV header is [petal, sepal, species]"));
        assertTrue(error("sepal,petal,species\n1,2,0\n1,2\n").contains("CSV line 3 has 2 fields, the header 3"));
        assertTrue(error("sepal,petal,species\n1,2,7\n").contains("label 7 is outside the label set [0, 1, 2]"));
        assertTrue(error("sepal,petal,species\n1,x,0\n").contains("column 'petal': 'x' is not a finite number"));
        assertTrue(error("sepal,petal,species\n1,NaN,0\n").contains("not a finite number"));
        assertTrue(error("sepal,petal,species\n1,2,setosa\n").contains("'setosa' is not an integer label"));
        assertTrue(error("sepal,petal,species\n").contains("no rows"));
        assertTrue(error("sepal,petal,species\n1,\"2,0\n").startsWith("malformed CSV"), "unterminated quote");
    }

    @Test
    void headReturnsTheHeaderAndFirstRows() {
        List<List<String>> rows = CsvInspector.head(new ByteArrayInputStream(
                "sepal,petal,species\n1,2,0\n3,4,1\n5,6,2\n".getBytes(StandardCharsets.UTF_8)), 2);
        assertEquals(List.of(List.of("sepal", "petal", "species"), List.of("1", "2", "0"), List.of("3", "4", "1")),
                rows);
    }
}
