package labels

type Set map[string]string

func merge(dst Set, src Set) {
	for k, v := range src {
		dst[k] = v
	}
}

func Copy(src Set) {
	merge(nil, src) // want `nil map passed to merge`
}
