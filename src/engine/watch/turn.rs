//! One evaluation at a time within a worker.
//!
//! An alarm, `CheckNow` and the popup's list can arrive together; two evaluations reading the
//! notified record before either writes it would both notify. This is a lock in memory, which
//! is fine for mutual exclusion: a stopped worker runs nothing, and the record in storage stays
//! the source of truth. Single-threaded (wasm, and one executor per host test thread).

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

thread_local! {
    static BUSY: Cell<bool> = const { Cell::new(false) };
    static WAITING: RefCell<Vec<Waker>> = const { RefCell::new(Vec::new()) };
}

/// Held while evaluating; the next waiter goes on when it is dropped.
pub struct Turn(());

impl Drop for Turn {
    fn drop(&mut self) {
        BUSY.with(|busy| busy.set(false));
        // Wake every waiter: one takes the turn, the others wait again (a waiter that was
        // dropped meanwhile cannot swallow the wake-up).
        for waker in WAITING.with(|w| std::mem::take(&mut *w.borrow_mut())) {
            waker.wake();
        }
    }
}

/// Waits for the turn.
pub fn take() -> impl Future<Output = Turn> {
    TakeTurn
}

struct TakeTurn;

impl Future for TakeTurn {
    type Output = Turn;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Turn> {
        if BUSY.with(|busy| busy.replace(true)) {
            WAITING.with(|w| w.borrow_mut().push(cx.waker().clone()));
            Poll::Pending
        } else {
            Poll::Ready(Turn(()))
        }
    }
}
