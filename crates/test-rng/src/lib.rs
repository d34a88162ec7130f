//! The one deterministic pseudo-random generator of the workspace's property-style tests (the
//! syntax crate's unit tests and the integration tests): no global state, and a failure
//! reproduces from its seed.
//!
//! Written by hand rather than taken from `rand`: the tests need a dozen lines, not a dependency
//! tree, and a stream that never changes under them when a crate is upgraded.

/// xorshift64 (Marsaglia, 2003): full period over the non-zero states, plenty for test inputs.
#[derive(Clone, Debug)]
pub struct TestRng(u64);

impl TestRng {
    /// A generator seeded with `seed`. Zero, the one state xorshift never leaves, is replaced by a
    /// fixed odd constant.
    #[must_use]
    pub fn new(seed: u64) -> Self {
        Self(if seed == 0 {
            0x9E37_79B9_7F4A_7C15
        } else {
            seed
        })
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number in `0..n` (`n > 0`); the modulo bias does not matter for test inputs.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// One item of `items` (not empty).
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// Fewer than `max_len` items of `pieces` (chars or string pieces) joined: the random text of
    /// the never-panics tests.
    pub fn text<T: Copy>(&mut self, pieces: &[T], max_len: usize) -> String
    where
        String: FromIterator<T>,
    {
        let len = self.below(max_len);
        (0..len).map(|_| self.pick(pieces)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::TestRng;

    #[test]
    fn a_seed_gives_one_stream() {
        let a: Vec<u64> = {
            let mut r = TestRng::new(7);
            (0..8).map(|_| r.next_u64()).collect()
        };
        let mut r = TestRng::new(7);
        assert!(a.iter().all(|&x| x == r.next_u64()));
        let mut other = TestRng::new(8);
        assert_ne!(a[0], other.next_u64());
    }

    #[test]
    fn zero_seed_does_not_stick() {
        let mut r = TestRng::new(0);
        assert_ne!(r.next_u64(), 0);
    }

    #[test]
    fn text_is_shorter_than_max_len_and_made_of_the_pieces() {
        let mut r = TestRng::new(3);
        let mut lengths = [false; 5];
        for _ in 0..500 {
            let s = r.text(&['a', 'é'], 5);
            let n = s.chars().count();
            assert!(n < 5 && s.chars().all(|c| c == 'a' || c == 'é'), "{s:?}");
            lengths[n] = true;
        }
        assert!(
            lengths.iter().all(|&seen| seen),
            "every length occurs: {lengths:?}"
        );
    }
}
