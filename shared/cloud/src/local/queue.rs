//! [`JobQueue`] in process, with SQS semantics: visibility timeout, receive count, dead letters.

use std::collections::HashSet;
use std::pin::pin;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use tokio::sync::Notify;

use crate::queue::{MAX_WAIT, batch_outcome, clamp_max_messages};
use crate::{CloudError, JobQueue, Message, QueueSettings, ReceiptHandle};

/// SQS's largest message, enforced here too so a job that works locally works in the cloud.
const MAX_BODY_BYTES: usize = 256 * 1024;

/// A message that was received too many times without being deleted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadLetter {
    /// Id it had in the queue.
    pub id: String,
    /// Its payload.
    pub body: String,
    /// How many times it was received.
    pub receive_count: u32,
}

/// An in-process queue behaving like SQS with a redrive policy; its dead-letter queue is a list.
#[derive(Debug)]
pub struct LocalQueue {
    name: String,
    settings: QueueSettings,
    state: Mutex<State>,
    // Wakes long-polling receivers when a message is sent or made visible.
    changes: Notify,
}

#[derive(Debug, Default)]
struct State {
    messages: Vec<Entry>,
    deleted: HashSet<String>,
    dead_letters: Vec<DeadLetter>,
}

#[derive(Debug)]
struct Entry {
    id: String,
    body: String,
    receive_count: u32,
    visible_at: Instant,
}

impl LocalQueue {
    /// An empty queue; `name` only appears in errors.
    pub fn new(name: impl Into<String>, settings: QueueSettings) -> Self {
        LocalQueue {
            name: name.into(),
            settings,
            state: Mutex::new(State::default()),
            changes: Notify::new(),
        }
    }

    /// Messages moved out of the queue after `max_receive_count` receptions, oldest first.
    pub fn dead_letters(&self) -> Vec<DeadLetter> {
        self.state().dead_letters.clone()
    }

    /// Messages still in the queue, visible or in flight.
    pub fn len(&self) -> usize {
        self.state().messages.len()
    }

    /// True when every message has been deleted or dead-lettered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // No code panics while holding the lock, so a poisoned state is still consistent.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn enqueue(&self, body: &str) -> Result<String, CloudError> {
        if body.is_empty() || body.len() > MAX_BODY_BYTES {
            return Err(CloudError::Queue {
                operation: "send",
                queue: self.name.clone(),
                source: format!(
                    "a message body must hold 1 to {MAX_BODY_BYTES} bytes, not {}",
                    body.len()
                )
                .into(),
            });
        }
        let id = uuid::Uuid::new_v4().to_string();
        self.state().messages.push(Entry {
            id: id.clone(),
            body: body.to_owned(),
            receive_count: 0,
            visible_at: Instant::now(),
        });
        Ok(id)
    }

    /// Receives what is visible now; otherwise tells when the next hidden message reappears.
    fn take_visible(&self, max_messages: usize) -> (Vec<Message>, Option<Instant>) {
        let now = Instant::now();
        let mut state = self.state();
        let mut received = Vec::new();
        let mut next_visible: Option<Instant> = None;
        let mut index = 0;
        while index < state.messages.len() && received.len() < max_messages {
            let entry = &mut state.messages[index];
            if entry.visible_at > now {
                next_visible =
                    Some(next_visible.map_or(entry.visible_at, |t| t.min(entry.visible_at)));
                index += 1;
                continue;
            }
            // Like SQS: the message moves when a reception finds it already received enough.
            if self
                .settings
                .max_receive_count
                .is_some_and(|max| entry.receive_count >= max)
            {
                let entry = state.messages.remove(index);
                state.dead_letters.push(DeadLetter {
                    id: entry.id,
                    body: entry.body,
                    receive_count: entry.receive_count,
                });
                continue;
            }
            entry.receive_count += 1;
            entry.visible_at = now + self.settings.visibility_timeout;
            received.push(Message {
                id: entry.id.clone(),
                receipt: receipt_of(&entry.id, entry.receive_count),
                body: entry.body.clone(),
                receive_count: entry.receive_count,
            });
            index += 1;
        }
        (received, next_visible)
    }

    fn invalid_receipt(&self, receipt: &ReceiptHandle) -> CloudError {
        CloudError::InvalidReceipt {
            queue: self.name.clone(),
            receipt: receipt.0.clone(),
        }
    }

    /// Deletes the message a receipt designates; a receipt of a deleted message is fine.
    fn remove(&self, receipt: &ReceiptHandle) -> Result<(), CloudError> {
        let (id, reception) =
            parse_receipt(receipt).ok_or_else(|| self.invalid_receipt(receipt))?;
        let mut state = self.state();
        if state.deleted.contains(id) {
            return Ok(());
        }
        let index = state
            .messages
            .iter()
            .position(|entry| entry.id == id && (1..=entry.receive_count).contains(&reception))
            .ok_or_else(|| self.invalid_receipt(receipt))?;
        let entry = state.messages.remove(index);
        state.deleted.insert(entry.id);
        Ok(())
    }
}

#[async_trait]
impl JobQueue for LocalQueue {
    async fn send(&self, body: &str) -> Result<String, CloudError> {
        let id = self.enqueue(body)?;
        self.changes.notify_waiters();
        Ok(id)
    }

    async fn send_batch(&self, bodies: &[String]) -> Result<Vec<String>, CloudError> {
        let mut ids = Vec::with_capacity(bodies.len());
        let mut failures = Vec::new();
        for (index, body) in bodies.iter().enumerate() {
            match self.enqueue(body) {
                Ok(id) => ids.push(id),
                Err(error) => failures.push((index, error.to_string())),
            }
        }
        self.changes.notify_waiters();
        batch_outcome(ids, "send_batch", &self.name, bodies.len(), failures)
    }

    async fn receive(&self, max_messages: u8, wait: Duration) -> Result<Vec<Message>, CloudError> {
        let max_messages = usize::from(clamp_max_messages(max_messages));
        let deadline = Instant::now() + wait.min(MAX_WAIT);
        loop {
            // Registered before looking, so a send between the look and the wait is not missed.
            let mut changed = pin!(self.changes.notified());
            changed.as_mut().enable();
            let (received, next_visible) = self.take_visible(max_messages);
            if !received.is_empty() {
                return Ok(received);
            }
            let now = Instant::now();
            if now >= deadline {
                return Ok(Vec::new());
            }
            let until = next_visible.map_or(deadline, |visible| visible.min(deadline));
            // Timing out just means "look again".
            let _ = tokio::time::timeout(until.saturating_duration_since(now), changed).await;
        }
    }

    async fn delete(&self, receipt: &ReceiptHandle) -> Result<(), CloudError> {
        self.remove(receipt)
    }

    async fn delete_batch(&self, receipts: &[ReceiptHandle]) -> Result<(), CloudError> {
        let failures: Vec<(usize, String)> = receipts
            .iter()
            .enumerate()
            .filter_map(|(index, receipt)| {
                self.remove(receipt)
                    .err()
                    .map(|error| (index, error.to_string()))
            })
            .collect();
        batch_outcome((), "delete_batch", &self.name, receipts.len(), failures)
    }

    async fn change_visibility(
        &self,
        receipt: &ReceiptHandle,
        timeout: Duration,
    ) -> Result<(), CloudError> {
        let (id, reception) =
            parse_receipt(receipt).ok_or_else(|| self.invalid_receipt(receipt))?;
        {
            let mut state = self.state();
            let entry = state
                .messages
                .iter_mut()
                .find(|entry| entry.id == id && (1..=entry.receive_count).contains(&reception))
                .ok_or_else(|| self.invalid_receipt(receipt))?;
            entry.visible_at = Instant::now() + timeout;
        }
        self.changes.notify_waiters();
        Ok(())
    }
}

/// A receipt names the message and which reception it proves: `<id>#<reception>`.
fn receipt_of(id: &str, reception: u32) -> ReceiptHandle {
    ReceiptHandle(format!("{id}#{reception}"))
}

fn parse_receipt(receipt: &ReceiptHandle) -> Option<(&str, u32)> {
    let (id, reception) = receipt.0.rsplit_once('#')?;
    Some((id, reception.parse().ok()?))
}
