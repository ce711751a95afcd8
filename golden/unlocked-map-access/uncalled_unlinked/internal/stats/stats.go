package stats

type Lener interface {
	Len() int
}

func Report(v Lener) int {
	return v.Len()
}
