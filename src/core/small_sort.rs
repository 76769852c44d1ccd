//! A stable insertion sort for the short lists the pages order (presets, a tokens screen's
//! rows, a handful of days or scopes). The standard library's sorts are fast on long slices,
//! but each element type gets its own copy of driftsort or ipnsort (1–2 KB of wasm each, with
//! their small-sort and pivot helpers): the popup had seven, 15.8 KB in all. This is a few
//! hundred bytes per type. Quadratic: not for the worker's lists of thousands of tokens.

/// Sorts `items` so that no item is `less` than the one before it; equal items keep their
/// order (stable, as `slice::sort_by`).
pub fn sort_by<T>(items: &mut [T], mut less: impl FnMut(&T, &T) -> bool) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && less(&items[j], &items[j - 1]) {
            items.swap(j, j - 1);
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::sort_by;

    #[test]
    fn sorts_like_the_standard_stable_sort() {
        // Pairs (key, original position): equal keys must keep their order.
        let keys = [5, 3, 9, 3, 1, 5, 5, 0, 9, 2, 3, 7, 1, 1];
        let mut ours: Vec<(i32, usize)> = keys.iter().copied().zip(0..).collect();
        let mut std = ours.clone();
        sort_by(&mut ours, |a, b| a.0 < b.0);
        std.sort_by_key(|p| p.0);
        assert_eq!(ours, std);
        let mut empty: Vec<u8> = Vec::new();
        sort_by(&mut empty, |a, b| a < b);
        assert!(empty.is_empty());
    }
}
