package server

import (
	"context"
	"sync"

	"google.golang.org/grpc"

	"example.com/grpcservice/pb"
)

// The near misses of server.go: a registered server whose handlers lock,
// only read, or fill a map of their own per call; and a type with a
// unary handler's shape that nothing registers.
type lockedGreeter struct {
	mu     sync.Mutex
	hellos map[string]int
	names  map[string]string
}

func (g *lockedGreeter) SayHello(ctx context.Context, req *pb.HelloRequest) (*pb.HelloReply, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.hellos[req.Name]++
	return &pb.HelloReply{Message: g.names[req.Name]}, nil
}

func (g *lockedGreeter) Watch(stream pb.Greeter_WatchServer) error {
	seen := map[string]bool{}
	for {
		req, err := stream.Recv()
		if err != nil {
			return err
		}
		seen[req.Name] = true
	}
}

type readOnly struct {
	greetings map[string]string
}

func (r *readOnly) SayHello(ctx context.Context, req *pb.HelloRequest) (*pb.HelloReply, error) {
	return &pb.HelloReply{Message: r.greetings[req.Name]}, nil
}

func (r *readOnly) Watch(stream pb.Greeter_WatchServer) error { return nil }

func register(s *grpc.Server) {
	pb.RegisterGreeterServer(s, &lockedGreeter{hellos: map[string]int{}, names: map[string]string{}})
	pb.RegisterGreeterServer(s, &readOnly{greetings: map[string]string{"a": "hello"}})
}

// Never handed to a registration: its callers call it one at a time.
type memo struct {
	answers map[string]string
}

func (m *memo) Answer(ctx context.Context, req *pb.HelloRequest) (*pb.HelloReply, error) {
	m.answers[req.Name] = "hi"
	return &pb.HelloReply{Message: "hi"}, nil
}
