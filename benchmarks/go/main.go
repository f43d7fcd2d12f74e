// The side-by-side with real Go for the benchmark report (workloads 1, 3 and 7 of
// StageBenchmarks/ParkedMemory, written the same way). Optional: the workbook never needs Go.
//
//	go run main.go > go.json      (or: bash run.sh go.json)
//
// Prints one JSON object: "spawn/1", "spawn/2", "pingPong/1", "pingPong/2" in ns per op
// (best of 5 runs), and "parkedBytes": bytes per goroutine parked on a channel (1,000,000).
package main

import (
	"encoding/json"
	"os"
	"runtime"
	"sync"
	"time"
)

const (
	n     = 10000
	batch = 1000
)

// spawn: n goroutines that call wg.Done, in batches of 1,000 (ns per goroutine).
func spawn() float64 {
	start := time.Now()
	for b := 0; b < n/batch; b++ {
		var wg sync.WaitGroup
		wg.Add(batch)
		for i := 0; i < batch; i++ {
			go wg.Done()
		}
		wg.Wait()
	}
	return float64(time.Since(start).Nanoseconds()) / n
}

// pingPong: n one-way handoffs between main and an echo goroutine (ns per handoff).
func pingPong() float64 {
	ping, pong := make(chan int), make(chan int)
	go func() {
		for v := range ping {
			pong <- v
		}
	}()
	start := time.Now()
	v := 0
	for i := 0; i < n/2; i++ {
		ping <- v
		v = <-pong
	}
	close(ping)
	return float64(time.Since(start).Nanoseconds()) / n
}

// best of many rounds of f, after a warm-up, for ~1 s.
func best(f func() float64) float64 {
	f()
	b := f()
	for deadline := time.Now().Add(time.Second); time.Now().Before(deadline); {
		if v := f(); v < b {
			b = v
		}
	}
	return b
}

// parked: bytes per goroutine blocked receiving on one channel (stack + heap in use).
func parked(count int) float64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	gate := make(chan int)
	var started sync.WaitGroup
	started.Add(count)
	for i := 0; i < count; i++ {
		go func() {
			started.Done()
			<-gate
		}()
	}
	started.Wait()
	time.Sleep(100 * time.Millisecond)
	runtime.GC()
	runtime.ReadMemStats(&after)
	used := (after.StackInuse + after.HeapInuse) - (before.StackInuse + before.HeapInuse)
	close(gate)
	return float64(used) / float64(count)
}

func main() {
	out := map[string]interface{}{"go": runtime.Version()}
	for _, p := range []int{1, 2} {
		runtime.GOMAXPROCS(p)
		out["spawn/"+string(rune('0'+p))] = best(spawn)
		out["pingPong/"+string(rune('0'+p))] = best(pingPong)
	}
	runtime.GOMAXPROCS(1)
	out["parkedBytes"] = parked(1000000)
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	enc.Encode(out)
}
