"""Other ways of computing the monthly drill rule, to compare the engine against."""
