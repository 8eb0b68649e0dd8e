"""What leaves the laptop: anonymised totals, their bounds and their noise. No Qt, no I/O."""
