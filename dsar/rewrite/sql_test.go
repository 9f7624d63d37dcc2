package rewrite

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

const mysqlDump = "-- MySQL dump 10.13  Distrib 8.0.36\n" +
	"/*!40101 SET NAMES utf8mb4 */;\n" +
	"CREATE TABLE `users` (\n" +
	"  `id` int NOT NULL,\n" +
	"  `email` varchar(64) DEFAULT NULL COMMENT 'it\\'s; (x',\n" +
	"  `name` varchar(64),\n" + // the tuples have four fields: a table of three would be damage
	"  `phone` bigint\n" +
	") ENGINE=InnoDB;\n" +
	"INSERT INTO `users` VALUES (1,'ann@example.com','O\\'Hara',4155551234),(2,'bob@example.com','D\\\\Souza; (x)',NULL),(3,'cid@example.com',\"Lee\",5);\n" +
	"INSERT INTO `users` VALUES (4,'dan@example.com','Solo',6);\n" +
	"INSERT INTO `users` (`id`, `email`) VALUES (5,'eve@example.com') ON DUPLICATE KEY UPDATE `email`=VALUES(`email`);\n" +
	"UNLOCK TABLES;\n"

const (
	tup1 = "(1,'ann@example.com','O\\'Hara',4155551234)"
	tup2 = "(2,'bob@example.com','D\\\\Souza; (x)',NULL)"
	tup3 = "(3,'cid@example.com',\"Lee\",5)"
)

func TestMySQL(t *testing.T) {
	values := func(tuples string) string {
		return strings.Replace(mysqlDump, tup1+","+tup2+","+tup3, tuples, 1)
	}
	one := func(s string) func(testing.TB, string) []Edit {
		return func(t testing.TB, in string) []Edit { return edits(del(t, in, s)) }
	}
	cases := []rewriteCase{
		{name: "string escaped the MySQL way", file: "d.sql", in: mysqlDump,
			mk:   func(t testing.TB, s string) []Edit { return edits(rep(t, s, "ann@example.com", `O'B\x`)) },
			want: strings.Replace(mysqlDump, "ann@example.com", `O''B\\x`, 1)},
		{name: "double-quoted string", file: "d.sql", in: mysqlDump,
			mk:   func(t testing.TB, s string) []Edit { return edits(rep(t, s, "Lee", `L"e\`)) },
			want: strings.Replace(mysqlDump, `"Lee"`, `"L""e\\"`, 1)},
		{name: "span cutting a backslash escape is widened", file: "d.sql", in: mysqlDump,
			mk: func(t testing.TB, s string) []Edit {
				a, b := spanOf(t, s, `O\'Hara`, 0)
				return edits(Edit{Start: a, End: b - 5, Action: Replace, Replacement: []byte("X")}) // "O\"
			},
			want: strings.Replace(mysqlDump, `O\'Hara`, `XHara`, 1)},
		{name: "bare number becomes a string", file: "d.sql", in: mysqlDump,
			mk:   func(t testing.TB, s string) []Edit { return edits(rep(t, s, "4155551234", "[phone]")) },
			want: strings.Replace(mysqlDump, "4155551234", "'[phone]'", 1)},
		{name: "comment", file: "d.sql", in: mysqlDump,
			mk:   func(t testing.TB, s string) []Edit { return edits(rep(t, s, "8.0.36", "x")) },
			want: strings.Replace(mysqlDump, "8.0.36", "x", 1)},
		{name: "comment cannot take a newline", file: "d.sql", in: mysqlDump,
			mk:      func(t testing.TB, s string) []Edit { return edits(rep(t, s, "8.0.36", "x\ny")) },
			wantErr: "line break"},
		{name: "first tuple deleted", file: "d.sql", in: mysqlDump, mk: one("ann@example.com"),
			want: values(tup2 + "," + tup3)},
		{name: "middle tuple deleted", file: "d.sql", in: mysqlDump, mk: one("bob@example.com"),
			want: values(tup1 + "," + tup3)},
		{name: "last tuple deleted", file: "d.sql", in: mysqlDump, mk: one("cid@example.com"),
			want: values(tup1 + "," + tup2)},
		{name: "first and last tuples deleted", file: "d.sql", in: mysqlDump,
			mk: func(t testing.TB, s string) []Edit {
				return edits(del(t, s, "cid@example.com"), del(t, s, "ann@example.com"), del(t, s, "O\\'Hara"))
			},
			want: values(tup2),
			check: func(t *testing.T, r Result) {
				if r.DeletedRecords != 2 || r.BytesRemoved != int64(len(tup1)+len(tup3)+2) {
					t.Errorf("result %+v", r)
				}
			}},
		{name: "last two tuples deleted", file: "d.sql", in: mysqlDump,
			mk: func(t testing.TB, s string) []Edit {
				return edits(del(t, s, "cid@example.com"), del(t, s, "bob@example.com"))
			},
			want: values(tup1)},
		{name: "every tuple deleted: the statement goes", file: "d.sql", in: mysqlDump,
			mk: func(t testing.TB, s string) []Edit {
				return edits(del(t, s, "cid@example.com"), del(t, s, "bob@example.com"), del(t, s, "4155551234"))
			},
			want: strings.Replace(mysqlDump, "INSERT INTO `users` VALUES "+tup1+","+tup2+","+tup3+";\n", "", 1),
			check: func(t *testing.T, r Result) {
				if r.DeletedRecords != 3 {
					t.Errorf("result %+v", r)
				}
			}},
		{name: "single-tuple INSERT deleted", file: "d.sql", in: mysqlDump, mk: one("dan@example.com"),
			want: strings.Replace(mysqlDump, "INSERT INTO `users` VALUES (4,'dan@example.com','Solo',6);\n", "", 1)},
		{name: "single-tuple INSERT with ON DUPLICATE KEY deleted", file: "d.sql", in: mysqlDump, mk: one("eve@example.com"),
			want: strings.Replace(mysqlDump, "INSERT INTO `users` (`id`, `email`) VALUES (5,'eve@example.com') ON DUPLICATE KEY UPDATE `email`=VALUES(`email`);\n", "", 1)},
		{name: "delete in CREATE TABLE", file: "d.sql", in: mysqlDump, mk: one("it\\'s"),
			wantErr: "not inside a record"},
		{name: "delete in a column list", file: "d.sql", in: mysqlDump, mk: one("(`id`, `email`)"),
			wantErr: "not inside a record"},
		{name: "replace in a name", file: "d.sql", in: mysqlDump,
			mk:   func(t testing.TB, s string) []Edit { return edits(rep(t, s, "phone", "p`x")) },
			want: strings.Replace(mysqlDump, "`phone`", "`p``x`", 1)},
		{name: "replace in a keyword", file: "d.sql", in: mysqlDump,
			mk:      func(t testing.TB, s string) []Edit { return edits(rep(t, s, "ENGINE", "x")) },
			wantErr: "not inside a value"},
		{name: "block comment cannot be closed early", file: "d.sql", in: mysqlDump,
			mk:      func(t testing.TB, s string) []Edit { return edits(rep(t, s, "utf8mb4", "*/ DROP")) },
			wantErr: "comment"},
	}
	runCases(t, cases)
}

const pgDump = "--\n-- PostgreSQL database dump\n--\n\n" +
	"\\restrict abc\n" +
	"SET standard_conforming_strings = on;\n" +
	"CREATE FUNCTION public.touch() RETURNS trigger\n    LANGUAGE plpgsql\n    AS $fn$\nBEGIN\n  NEW.note := 'it''s; (tricky';\n  RETURN NEW;\nEND;\n$fn$;\n\n" +
	"COPY public.customers (id, full_name, email, address) FROM stdin;\n" +
	"1\tAlice Martin\talice@example.com\t12 Rue\\tParis\n" +
	"2\tBob O'Neil\t\\N\tC:\\\\Users\\\\bob\n" +
	"3\tCarol King\tcarol@example.org\t\\N\n" +
	"\\.\n\n" +
	"COPY public.raw (a, b) FROM stdin WITH (FORMAT csv);\n" +
	"1,\"x@example.com\"\n" +
	"\\.\n" +
	"INSERT INTO public.customers VALUES (4, 'Dan O''Brien', 'dan@example.com', 'C:\\path');\n" +
	"INSERT INTO public.customers VALUES (5, 'Eve', NULL, E'5 Elm\\nApt'), (6, 'Frank', 'frank@example.net', upper(concat('7 Oak', ', ')));  -- done\n" +
	"  INSERT INTO public.t VALUES ($$a'b$$); SELECT 1;\n"

func TestPostgreSQL(t *testing.T) {
	cases := []rewriteCase{
		{name: "COPY row deleted", file: "d.sql", in: pgDump,
			mk:   func(t testing.TB, s string) []Edit { return edits(del(t, s, "Neil")) },
			want: strings.Replace(pgDump, "2\tBob O'Neil\t\\N\tC:\\\\Users\\\\bob\n", "", 1)},
		{name: "COPY last row deleted", file: "d.sql", in: pgDump,
			mk:   func(t testing.TB, s string) []Edit { return edits(del(t, s, "carol@example.org")) },
			want: strings.Replace(pgDump, "3\tCarol King\tcarol@example.org\t\\N\n", "", 1)},
		{name: "COPY field escaped", file: "d.sql", in: pgDump,
			mk:   func(t testing.TB, s string) []Edit { return edits(rep(t, s, "alice@example.com", "a\tb\nc\\d")) },
			want: strings.Replace(pgDump, "alice@example.com", `a\tb\nc\\d`, 1)},
		{name: "COPY span cutting an escape is widened", file: "d.sql", in: pgDump,
			mk: func(t testing.TB, s string) []Edit {
				a, _ := spanOf(t, s, "tParis", 0)
				return edits(Edit{Start: a, End: a + 6, Action: Replace, Replacement: []byte("X")})
			},
			want: strings.Replace(pgDump, "12 Rue\\tParis", "12 RueX", 1)},
		{name: "COPY span across fields", file: "d.sql", in: pgDump,
			mk:      func(t testing.TB, s string) []Edit { return edits(rep(t, s, "Martin\talice", "x")) },
			wantErr: "crosses the end of its value"},
		{name: "COPY in CSV format is refused", file: "d.sql", in: pgDump,
			mk:      func(t testing.TB, s string) []Edit { return edits(rep(t, s, "x@example.com", "y,z")) },
			wantErr: "CSV format"},
		{name: "delete in a COPY statement", file: "d.sql", in: pgDump,
			mk:      func(t testing.TB, s string) []Edit { return edits(del(t, s, "full_name")) },
			wantErr: "not inside a record"},
		{name: "standard string: quotes doubled, backslashes kept", file: "d.sql", in: pgDump,
			mk:   func(t testing.TB, s string) []Edit { return edits(rep(t, s, "path", `a\b'c`)) },
			want: strings.Replace(pgDump, `C:\path`, `C:\a\b''c`, 1)},
		{name: "standard string with a doubled quote", file: "d.sql", in: pgDump,
			mk:   func(t testing.TB, s string) []Edit { return edits(rep(t, s, "Dan O''Brien", "D'x")) },
			want: strings.Replace(pgDump, "Dan O''Brien", "D''x", 1)},
		{name: "E string takes backslash escapes", file: "d.sql", in: pgDump,
			mk:   func(t testing.TB, s string) []Edit { return edits(rep(t, s, "Apt", `\'`)) },
			want: strings.Replace(pgDump, `Elm\nApt`, `Elm\n\\''`, 1)},
		{name: "dollar quote", file: "d.sql", in: pgDump,
			mk:   func(t testing.TB, s string) []Edit { return edits(rep(t, s, "tricky", "$x$")) },
			want: strings.Replace(pgDump, "tricky", "$x$", 1)},
		{name: "dollar quote closed early", file: "d.sql", in: pgDump,
			mk:      func(t testing.TB, s string) []Edit { return edits(rep(t, s, "tricky", "$fn$")) },
			wantErr: "dollar quote",
		},
		{name: "first of two tuples deleted", file: "d.sql", in: pgDump,
			mk:   func(t testing.TB, s string) []Edit { return edits(del(t, s, "'Eve'")) },
			want: strings.Replace(pgDump, "(5, 'Eve', NULL, E'5 Elm\\nApt'), ", "", 1)},
		{name: "last of two tuples deleted, with a call in it", file: "d.sql", in: pgDump,
			mk:   func(t testing.TB, s string) []Edit { return edits(del(t, s, "frank@example.net")) },
			want: strings.Replace(pgDump, ", (6, 'Frank', 'frank@example.net', upper(concat('7 Oak', ', ')))", "", 1)},
		{name: "single tuple deleted, a comment after it on its line", file: "d.sql", in: pgDump,
			mk:   func(t testing.TB, s string) []Edit { return edits(del(t, s, "Eve"), del(t, s, "Frank")) },
			want: strings.Replace(pgDump, "INSERT INTO public.customers VALUES (5, 'Eve', NULL, E'5 Elm\\nApt'), (6, 'Frank', 'frank@example.net', upper(concat('7 Oak', ', ')));", "", 1)},
		{name: "single tuple deleted, a statement after it on its line", file: "d.sql", in: pgDump,
			mk:   func(t testing.TB, s string) []Edit { return edits(del(t, s, "a'b")) },
			want: strings.Replace(pgDump, "  INSERT INTO public.t VALUES ($$a'b$$);", "", 1)},
		{name: "single tuple deleted with its line", file: "d.sql", in: pgDump,
			mk:   func(t testing.TB, s string) []Edit { return edits(del(t, s, "C:\\path")) },
			want: strings.Replace(pgDump, "INSERT INTO public.customers VALUES (4, 'Dan O''Brien', 'dan@example.com', 'C:\\path');\n", "", 1)},
		{name: "call argument", file: "d.sql", in: pgDump,
			mk:   func(t testing.TB, s string) []Edit { return edits(rep(t, s, "7 Oak", "x")) },
			want: strings.Replace(pgDump, "'7 Oak'", "'x'", 1)},
		{name: "bare NULL in a tuple becomes a string", file: "d.sql", in: pgDump,
			mk:   func(t testing.TB, s string) []Edit { return edits(rep(t, s, "NULL", "it's")) },
			want: strings.Replace(pgDump, "NULL", "'it''s'", 1)},
	}
	runCases(t, cases)
}

// TestSQLEdges covers lexing corners: a '--' that is no MySQL comment,
// nested PostgreSQL comments, a string cut by the end of the file.
func TestSQLEdges(t *testing.T) {
	cases := []rewriteCase{
		{name: "MySQL minus minus is no comment", file: "d.sql",
			in:   "-- MySQL dump\nINSERT INTO `t` VALUES (5--3,'a'),(1,'b');\n",
			mk:   func(t testing.TB, s string) []Edit { return edits(del(t, s, "'a'")) },
			want: "-- MySQL dump\nINSERT INTO `t` VALUES (1,'b');\n"},
		{name: "nested PostgreSQL comment", file: "d.sql",
			in:   "-- PostgreSQL database dump\nINSERT INTO t VALUES (1), /* a /* b; */ c; */ (2);\n",
			mk:   func(t testing.TB, s string) []Edit { return edits(del(t, s, "1")) },
			want: "-- PostgreSQL database dump\nINSERT INTO t VALUES (2);\n"},
		{name: "string cut by the end", file: "d.sql",
			in:      "-- PostgreSQL database dump\nINSERT INTO t VALUES (1, 'abc",
			mk:      func(t testing.TB, s string) []Edit { return edits(rep(t, s, "abc", "x'")) },
			wantErr: "cuts"},
		{name: "INSERT cut by the end", file: "d.sql",
			in:   "-- PostgreSQL database dump\nSELECT 1;\nINSERT INTO t VALUES (1, 'abc')",
			mk:   func(t testing.TB, s string) []Edit { return edits(del(t, s, "abc")) },
			want: "-- PostgreSQL database dump\nSELECT 1;\n"},
		{name: "MySQL _binary and hex", file: "d.sql",
			in:      "-- MySQL dump\nINSERT INTO `t` VALUES (_binary 'ab',X'4142');\n",
			mk:      func(t testing.TB, s string) []Edit { return edits(rep(t, s, "4142", "x'")) },
			wantErr: "hex"},
		{name: "edit past damage is refused", file: "d.sql",
			in:      "-- PostgreSQL database dump\nCREATE TABLE t (a int, b text);\nINSERT INTO t VALUES (1, 'x', 'extra');\nINSERT INTO t VALUES (2, 'ann@example.com');\n",
			mk:      func(t testing.TB, s string) []Edit { return edits(rep(t, s, "ann@example.com", "x'")) },
			wantErr: "damage at byte"},
		{name: "past damage a pseudonym goes in as it is", file: "d.sql",
			in:   "-- PostgreSQL database dump\nCREATE TABLE t (a int, b text);\nINSERT INTO t VALUES (1, 'x', 'extra');\nINSERT INTO t VALUES (2, 'ann@example.com');\n",
			mk:   func(t testing.TB, s string) []Edit { return edits(rep(t, s, "ann@example.com", "[PSEUDO:email:0a1b]")) },
			want: "-- PostgreSQL database dump\nCREATE TABLE t (a int, b text);\nINSERT INTO t VALUES (1, 'x', 'extra');\nINSERT INTO t VALUES (2, '[PSEUDO:email:0a1b]');\n"},
		{name: "deleting the damaged tuple is refused", file: "d.sql",
			in:      "-- PostgreSQL database dump\nCREATE TABLE t (a int, b text);\nINSERT INTO t VALUES (1, 'x', 'extra');\n",
			mk:      func(t testing.TB, s string) []Edit { return edits(del(t, s, "1, 'x'")) },
			wantErr: "damage at byte"},
		{name: "array brackets keep the field whole", file: "d.sql",
			in:   "-- PostgreSQL database dump\nINSERT INTO t VALUES (ARRAY[1,2], 415), (3, 4);\n",
			mk:   func(t testing.TB, s string) []Edit { return edits(rep(t, s, "415", "x"), del(t, s, "3")) },
			want: "-- PostgreSQL database dump\nINSERT INTO t VALUES (ARRAY[1,2], 'x');\n"},
	}
	runCases(t, cases)
}

// TestSQLRandomTupleDeletes deletes random sets of tuples from INSERTs
// laid out in random ways and checks that the kept tuples remain, in
// order, each pair separated by one of the original separators, and that
// an INSERT left with no tuple is gone with its line.
func TestSQLRandomTupleDeletes(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	seps := []string{",", ", ", ",\n  ", " , ", ", /* c, (x) */ "}
	for iter := range 500 {
		n := 1 + rng.IntN(6)
		var tuples []string
		var b strings.Builder
		b.WriteString("-- MySQL dump\nSET NAMES utf8mb4;\n")
		stmt := b.Len()
		b.WriteString("INSERT INTO `t` VALUES ")
		var used []string
		for i := range n {
			if i > 0 {
				s := seps[rng.IntN(len(seps))]
				used = append(used, s)
				b.WriteString(s)
			}
			tup := fmt.Sprintf("(%d,'v%d, (it\\'s)',%d)", i, i, 4155550000+i)
			tuples = append(tuples, tup)
			b.WriteString(tup)
		}
		b.WriteString(";\nUNLOCK TABLES;\n")
		in := b.String()
		var es []Edit
		var kept []string
		for _, tup := range tuples {
			if rng.IntN(2) == 0 {
				kept = append(kept, tup)
				continue
			}
			a, _ := spanOf(t, in, tup, 0)
			k := int64(1 + rng.IntN(len(tup)-2))
			es = append(es, Edit{Start: a + k, End: a + k + 1, Action: DeleteRecord})
			if rng.IntN(3) == 0 { // a second edit in the same tuple
				es = append(es, Edit{Start: a + 1, End: a + 2, Action: DeleteRecord})
			}
		}
		got, res, err := applyTo(t, "d.sql", in, es...)
		if err != nil {
			t.Fatalf("iteration %d: %v\n%s", iter, err, in)
		}
		if res.DeletedRecords != n-len(kept) {
			t.Fatalf("iteration %d: DeletedRecords %d, want %d", iter, res.DeletedRecords, n-len(kept))
		}
		if len(kept) == 0 {
			if want := in[:stmt] + "UNLOCK TABLES;\n"; got != want {
				t.Fatalf("iteration %d: got\n%s\nwant\n%s", iter, got, want)
			}
			continue
		}
		rest, ok := strings.CutPrefix(got, in[:stmt]+"INSERT INTO `t` VALUES ")
		if !ok {
			t.Fatalf("iteration %d: head changed:\n%s", iter, got)
		}
		for i, tup := range kept {
			k := strings.Index(rest, tup)
			if k < 0 {
				t.Fatalf("iteration %d: %s lost:\n%s", iter, tup, got)
			}
			if i == 0 && k != 0 || i > 0 && !slices.Contains(used, rest[:k]) {
				t.Fatalf("iteration %d: %q before %s:\n%s\nfrom\n%s", iter, rest[:k], tup, got, in)
			}
			rest = rest[k+len(tup):]
		}
		if rest != ";\nUNLOCK TABLES;\n" {
			t.Fatalf("iteration %d: tail %q:\n%s\nfrom\n%s", iter, rest, got, in)
		}
	}
}
