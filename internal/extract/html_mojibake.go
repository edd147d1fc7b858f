package extract

import (
	"strings"
	"unicode/utf8"
)

// cp1252High maps the Windows-1252 characters of bytes 0x80-0x9F back to their byte.
var cp1252High = map[rune]byte{
	'€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88, '‰': 0x89,
	'Š': 0x8a, '‹': 0x8b, 'Œ': 0x8c, 'Ž': 0x8e, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95,
	'–': 0x96, '—': 0x97, '˜': 0x98, '™': 0x99, 'š': 0x9a, '›': 0x9b, 'œ': 0x9c, 'ž': 0x9e, 'Ÿ': 0x9f,
}

// mojibakeByte is the byte a character stands for when UTF-8 was read as Latin-1 or
// Windows-1252.
func mojibakeByte(r rune) (byte, bool) {
	if r < 0x100 {
		return byte(r), true
	}
	b, ok := cp1252High[r]
	return b, ok
}

// fixMojibake repairs text that was UTF-8 read as Latin-1 or Windows-1252 and written
// out again as UTF-8 ("Investorâ€™s" for "Investor’s"), a common fault of CMS
// pipelines: each run of characters whose bytes form one valid multi-byte UTF-8 sequence
// is replaced by that character. Text without such runs is returned as is.
func fixMojibake(s string) string {
	if !strings.ContainsAny(s, "ÂÃâ") {
		return s
	}
	var b strings.Builder
	changed := false
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		n := 0
		switch {
		case r >= 0xC2 && r <= 0xDF:
			n = 2
		case r >= 0xE0 && r <= 0xEF:
			n = 3
		case r >= 0xF0 && r <= 0xF4:
			n = 4
		}
		if n > 0 {
			buf := [4]byte{byte(r)}
			j, k := i+size, 1
			for ; k < n && j < len(s); k++ {
				c, cs := utf8.DecodeRuneInString(s[j:])
				cb, ok := mojibakeByte(c)
				if !ok || cb < 0x80 || cb > 0xBF {
					break
				}
				buf[k] = cb
				j += cs
			}
			if k == n {
				if fixed, fs := utf8.DecodeRune(buf[:n]); fixed != utf8.RuneError && fs == n {
					if !changed {
						b.Grow(len(s))
						b.WriteString(s[:i])
						changed = true
					}
					b.WriteRune(fixed)
					i = j
					continue
				}
			}
		}
		if changed {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	if !changed {
		return s
	}
	return b.String()
}
