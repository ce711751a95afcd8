package labels

type Builder struct {
	prefix string
}

func (b *Builder) annotate(dst map[string]string, key, value string) {
	dst[b.prefix+key] = value
}

func (b *Builder) Build() map[string]string {
	var out map[string]string
	b.annotate(out, "owner", "me") // want `out is nil when passed to annotate`
	return out
}
