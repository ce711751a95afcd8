package tokens

// Lexer reads a flat list of tokens; IsDelim only looks at the current one.
type Lexer struct {
	toks []string
	pos  int
}

func (l *Lexer) IsDelim(c string) bool { return l.pos >= len(l.toks) || l.toks[l.pos] == c }

func (l *Lexer) Next() string {
	s := l.toks[l.pos]
	l.pos++
	return s
}

type Target struct {
	Header map[string]string
	Params map[string]string
	Extra  map[string]string
	Tags   map[string]string
	Query  map[string]string
}

func NewTarget() *Target {
	return &Target{}
}

// The body of `for C` runs only while C holds; the if right before the loop
// made the map under the same condition, and nothing between them runs.
func (t *Target) DecodeHeader(l *Lexer) {
	if !l.IsDelim("}") {
		t.Header = make(map[string]string)
	} else {
		t.Header = nil
	}
	for !l.IsDelim("}") {
		key := l.Next()
		(t.Header)[key] = l.Next()
	}
}

// Near miss: a statement between the make and the loop may change what the
// condition reads.
func (t *Target) DecodeParams(l *Lexer) {
	if !l.IsDelim("}") {
		t.Params = make(map[string]string)
	}
	l.Next()
	for !l.IsDelim("}") {
		key := l.Next()
		t.Params[key] = l.Next() // want `write to nil map field t.Params`
	}
}

// Near miss: made under another condition.
func (t *Target) DecodeExtra(l *Lexer, strict bool) {
	if strict {
		t.Extra = make(map[string]string)
	}
	for !l.IsDelim("}") {
		key := l.Next()
		t.Extra[key] = l.Next() // want `write to nil map field t.Extra`
	}
}

// Near miss: the loop body drops the map, so a later iteration writes into
// nil.
func (t *Target) DecodeTags(l *Lexer) {
	if !l.IsDelim("}") {
		t.Tags = make(map[string]string)
	}
	for !l.IsDelim("}") {
		key := l.Next()
		t.Tags[key] = l.Next() // want `write to nil map field t.Tags`
		if key == "reset" {
			t.Tags = nil
		}
	}
}

// Near miss: the make sits under a further condition inside the if.
func (t *Target) DecodeQuery(l *Lexer, strict bool) {
	if !l.IsDelim("}") {
		if strict {
			t.Query = make(map[string]string)
		}
	}
	for !l.IsDelim("}") {
		key := l.Next()
		t.Query[key] = l.Next() // want `write to nil map field t.Query`
	}
}
