//! The `Store` port over `chrome.storage.{sync,local,session}`.

use serde_json::Value;
use wasm_bindgen::JsValue;

use super::json::{value_from_js, value_to_js};
use super::{ext, js_error_text};
use crate::ports::{Area, Store, StoreError};

pub struct ChromeStore;

fn area_name(area: Area) -> &'static str {
    match area {
        Area::Sync => "sync",
        Area::Local => "local",
        Area::Session => "session",
    }
}

fn to_js(value: Value) -> Result<JsValue, StoreError> {
    value_to_js(&value).map_err(StoreError::Failed)
}

fn from_js(value: JsValue) -> Result<serde_json::Map<String, Value>, StoreError> {
    match value_from_js(value).map_err(StoreError::Failed)? {
        Value::Object(items) => Ok(items),
        Value::Null => Ok(serde_json::Map::new()),
        _ => Err(StoreError::Failed(
            "storage answered something other than an object".into(),
        )),
    }
}

fn keys_to_js(keys: &[String]) -> Result<JsValue, StoreError> {
    to_js(Value::Array(
        keys.iter().cloned().map(Value::String).collect(),
    ))
}

fn storage_error(error: JsValue) -> StoreError {
    let text = js_error_text(&error);
    // Chrome: "QUOTA_BYTES quota exceeded", "QUOTA_BYTES_PER_ITEM …", "MAX_ITEMS …";
    // Firefox: "QuotaExceededError".
    if text.contains("QUOTA")
        || text.contains("Quota")
        || text.contains("MAX_ITEMS")
        || text.contains("MAX_WRITE")
    {
        StoreError::Quota(text)
    } else {
        StoreError::Failed(text)
    }
}

impl Store for ChromeStore {
    async fn get(&self, area: Area, key: &str) -> Result<Option<Value>, StoreError> {
        let got = ext::storage_get(area_name(area), JsValue::from_str(key))
            .await
            .map_err(storage_error)?;
        Ok(from_js(got)?.remove(key))
    }

    async fn get_many(
        &self,
        area: Area,
        keys: &[String],
    ) -> Result<Vec<Option<Value>>, StoreError> {
        let got = ext::storage_get(area_name(area), keys_to_js(keys)?)
            .await
            .map_err(storage_error)?;
        let mut items = from_js(got)?;
        Ok(keys.iter().map(|key| items.remove(key)).collect())
    }

    async fn get_prefixed(
        &self,
        area: Area,
        prefix: &str,
    ) -> Result<Vec<(String, Value)>, StoreError> {
        let got = ext::storage_get(area_name(area), JsValue::NULL)
            .await
            .map_err(storage_error)?;
        let mut items: Vec<(String, Value)> = from_js(got)?
            .into_iter()
            .filter(|(k, _)| k.starts_with(prefix))
            .collect();
        items.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(items)
    }

    async fn set(&self, area: Area, items: Vec<(String, Value)>) -> Result<(), StoreError> {
        let object: serde_json::Map<String, Value> = items.into_iter().collect();
        ext::storage_set(area_name(area), to_js(Value::Object(object))?)
            .await
            .map_err(storage_error)?;
        Ok(())
    }

    async fn remove(&self, area: Area, keys: Vec<String>) -> Result<(), StoreError> {
        ext::storage_remove(area_name(area), keys_to_js(&keys)?)
            .await
            .map_err(storage_error)?;
        Ok(())
    }
}
