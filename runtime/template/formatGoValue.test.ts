import { test } from "node:test";
import assert from "node:assert/strict";
import { formatGoValue, goSprint, goSprintf, goSprintln } from "./formatGoValue.js";

test("%v of numbers: integral values as ints, others as Go's shortest %g", () => {
    const cases: [number, string][] = [
        [0, "0"],
        [42, "42"],
        [-7, "-7"],
        [1.5, "1.5"],
        [0.1 + 0.2, "0.30000000000000004"],
        [123456.5, "123456.5"],
        [1234567.5, "1.2345675e+06"],
        [0.0001, "0.0001"],
        [0.00001, "1e-05"],
        [1e21, "1e+21"],
        [-2.5e-300, "-2.5e-300"],
        [NaN, "NaN"],
        [Infinity, "+Inf"],
        [-Infinity, "-Inf"]
    ];
    for (const [value, expected] of cases) assert.equal(formatGoValue(value), expected, String(value));
    assert.equal(formatGoValue(12345678901234567890n), "12345678901234567890");
});

test("%v of strings, booleans, nil, arrays and maps", () => {
    assert.equal(formatGoValue("text"), "text");
    assert.equal(formatGoValue(true), "true");
    assert.equal(formatGoValue(null), "<nil>");
    assert.equal(formatGoValue(undefined), "<nil>");
    assert.equal(formatGoValue(["a", 1, [true, null]]), "[a 1 [true <nil>]]");
    assert.equal(formatGoValue({ z: 1, a: "x", m: { k: [] } }), "map[a:x m:map[k:[]] z:1]");
});

test("Sprint spaces operands unless one side is a string; Sprintln always does", () => {
    assert.equal(goSprint(["a", 1, 2, "b", "c", null, 3]), "a1 2bc<nil> 3");
    assert.equal(goSprint([]), "");
    assert.equal(goSprintln(["a", 1, "b"]), "a 1 b\n");
    assert.equal(goSprintln([]), "\n");
});

test("Sprintf integer verbs, flags, width and precision", () => {
    assert.equal(goSprintf("%d|%5d|%-5d|%05d|%+d|% d|%.3d", [42, 42, 42, -42, 5, 5, 7]), "42|   42|42   |-0042|+5| 5|007");
    assert.equal(goSprintf("%x|%X|%#x|%o|%O|%b|%x", [255, 255, 255, 8, 8, 5, -255]), "ff|FF|0xff|10|0o10|101|-ff");
    assert.equal(goSprintf("%c|%q|%U|%#U", [0x1f600, 97, 0x1f600, 65]), "😀|'a'|U+1F600|U+0041 'A'");
    assert.equal(goSprintf("%*d|%-*d|%.*f", [4, 1, 3, 2, 2, 3.14159]), "   1|2  |3.14");
});

test("Sprintf float verbs round exact halves to even, as strconv does", () => {
    assert.equal(
        goSprintf("%f|%.2f|%8.3f|%-8.3f|%08.3f|%+.1f", [3.14159, 3.14159, 3.14159, 3.14159, 3.14159, 2]),
        "3.141590|3.14|   3.142|3.142   |0003.142|+2.0"
    );
    assert.equal(goSprintf("%.1f|%.0f|%.0f|%.0f|%.2f|%.1f", [0.25, 0.5, 1.5, 2.5, 1.005, 0.04]), "0.2|0|2|2|1.00|0.0");
    assert.equal(goSprintf("%e|%.2e|%E|%e", [123456.789, 0.000123456, 1e-7, 0]), "1.234568e+05|1.23e-04|1.000000E-07|0.000000e+00");
    assert.equal(
        goSprintf("%g|%g|%g|%.3g|%.3g|%.2g|%G|%6.2v", [100000, 1e6, 1e-5, 1234.5, 0.0001234, 1, 1e-7, 3.14159]),
        "100000|1e+06|1e-05|1.23e+03|0.000123|1|1E-07|   3.1"
    );
    assert.equal(goSprintf("%f|%5.1f|%e", [Infinity, NaN, -Infinity]), "+Inf|  NaN|-Inf");
});

test("Sprintf string verbs", () => {
    assert.equal(goSprintf("%s|%5s|%-5s|%.2s|%v", ["ab", "ab", "ab", "héllo", "x"]), "ab|   ab|ab   |hé|x");
    assert.equal(goSprintf("%q|%+q|%#q|%#q", ['a"b\n', "é", "raw", "back`tick"]), '"a\\"b\\n"|"\\u00e9"|`raw`|"back`tick"');
    assert.equal(goSprintf("%x|%X|% x", ["hi", "hi", "hi"]), "6869|6869|68 69");
    assert.equal(goSprintf("%t|%v", [true, false]), "true|false");
});

test("Sprintf applies verbs to each element of arrays and maps", () => {
    assert.equal(goSprintf("%d|%q|%3d|%s", [[1, 2], ["a", "b"], [1, 2], { k: "v" }]), '[1 2]|["a" "b"]|[  1   2]|map[k:v]');
});

test("Sprintf reports bad verbs, missing and extra arguments like Go", () => {
    assert.equal(
        goSprintf("%d|%s|%t|%z|%s|%d", ["x", 3, 1, 1, null, 1.5]),
        "%!d(string=x)|%!s(int=3)|%!t(int=1)|%!z(int=1)|%!s(<nil>)|%!d(float64=1.5)"
    );
    assert.equal(goSprintf("%d %d", [1]), "1 %!d(MISSING)");
    assert.equal(goSprintf("%d", [1, "a", null]), "1%!(EXTRA string=a, <nil>)");
    assert.equal(goSprintf("100%%|%", []), "100%|%!(NOVERB)");
    assert.equal(
        goSprintf("%T %T %T %T %T %T %T", ["s", 1, 1.5, true, [], {}, null]),
        "string int float64 bool []interface {} map[string]interface {} <nil>"
    );
});
