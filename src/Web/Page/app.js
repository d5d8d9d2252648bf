// The page over the HTTP API (the same calls any client makes; see /openapi/v1.json).
"use strict";

const $ = id => document.getElementById(id);
const state = { photo: null, faces: null, faceIndex: null, speech: null, speechName: null, job: null, events: null, recorder: null };

async function api(path, options = {}) {
  const response = await fetch(path, options);
  if (response.status === 401) {
    $("token-form").hidden = false;
    throw new Error("This service needs its token: enter it above.");
  }
  const body = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw new Error(body && body.error ? body.error : `The server answered ${response.status}.`);
  return body;
}

// ---- engine status ----
async function health() {
  try {
    const h = await api("/api/health");
    const badge = $("engine");
    badge.textContent = `engine ${h.engine} · ${h.backend} · ${h.videoFormat}`;
    badge.className = "badge " + (h.engine === "ready" ? "ready" : h.engine.startsWith("failed") ? "failed" : "");
    $("weights-note").hidden = h.engine !== "ready" || h.releaseWeights;
    if (h.engine === "loading") setTimeout(health, 2000);
  } catch (e) {
    $("engine").textContent = e.message;
  }
}

// ---- photo and faces ----
function setPhoto(file) {
  state.photo = file;
  state.faces = null;
  state.faceIndex = null;
  const image = new Image();
  image.onload = () => { state.image = image; drawFaces(); findFaces(); };
  image.onerror = () => showFacesStatus(`${file.name} is not an image this browser can show.`);
  image.src = URL.createObjectURL(file);
  $("faces-box").hidden = false;
}

async function findFaces() {
  if ($("no-crop").checked) { showFacesStatus("Already cropped: the whole photo is the face."); return; }
  showFacesStatus("Looking for faces…");
  const form = new FormData();
  form.append("image", state.photo);
  try {
    const found = await api("/api/faces", { method: "POST", body: form });
    state.faces = found;
    if (found.faces.length === 0) {
      showFacesStatus("No face found. If the photo is already framed on a face, tick “already cropped”.");
    } else {
      // The server's default is the largest face: start there.
      state.faceIndex = found.faces.reduce((best, f, i, all) => f.width * f.height > all[best].width * all[best].height ? i : best, 0);
      showFacesStatus(found.faces.length === 1 ? "One face found." : `${found.faces.length} faces found: click the one to animate.`);
    }
  } catch (e) {
    showFacesStatus(`${e.message} Tick “already cropped” if the photo is framed on a face.`);
  }
  drawFaces();
}

function drawFaces() {
  const canvas = $("faces"), image = state.image;
  if (!image) return;
  const scale = Math.min(1, 480 / image.naturalWidth);
  canvas.width = Math.round(image.naturalWidth * scale);
  canvas.height = Math.round(image.naturalHeight * scale);
  const g = canvas.getContext("2d");
  g.drawImage(image, 0, 0, canvas.width, canvas.height);
  if (!state.faces || $("no-crop").checked) return;
  const s = canvas.width / state.faces.width;
  state.faces.faces.forEach((f, i) => {
    g.lineWidth = i === state.faceIndex ? 4 : 2;
    g.strokeStyle = i === state.faceIndex ? "#2f5fd0" : "#ffffff";
    g.strokeRect(f.left * s, f.top * s, f.width * s, f.height * s);
  });
}

function pickFace(event) {
  if (!state.faces) return;
  const canvas = $("faces"), rect = canvas.getBoundingClientRect();
  const s = canvas.width / state.faces.width, k = canvas.width / rect.width;
  const x = (event.clientX - rect.left) * k / s, y = (event.clientY - rect.top) * k / s;
  const hit = state.faces.faces.findIndex(f => x >= f.left && x <= f.left + f.width && y >= f.top && y <= f.top + f.height);
  if (hit >= 0) { state.faceIndex = hit; showFacesStatus(`Face ${hit + 1} of ${state.faces.faces.length} (from the left) will be animated.`); drawFaces(); }
}

const showFacesStatus = text => { $("faces-status").textContent = text; };

// ---- speech: a file or a recording ----
function setSpeech(blob, name) {
  state.speech = blob;
  state.speechName = name;
  const player = $("speech-preview");
  player.src = URL.createObjectURL(blob);
  player.hidden = false;
}

async function toggleRecording() {
  if (state.recorder) { state.recorder.stop(); return; }
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    const chunks = [], recorder = new MediaRecorder(stream);
    recorder.ondataavailable = e => chunks.push(e.data);
    recorder.onstop = () => {
      stream.getTracks().forEach(t => t.stop());
      state.recorder = null;
      $("record").textContent = "● Record";
      $("record-status").textContent = "Recorded (WebM: the server decodes it with ffmpeg).";
      setSpeech(new Blob(chunks, { type: recorder.mimeType }), "recording.webm");
    };
    recorder.start();
    state.recorder = recorder;
    $("record").textContent = "■ Stop";
    $("record-status").textContent = "Recording…";
  } catch (e) {
    $("record-status").textContent = `The microphone is not available here (${e.message}); pick a file instead.`;
  }
}

// ---- a job: submit, follow, show ----
async function submit(event) {
  event.preventDefault();
  const error = $("form-error");
  error.hidden = true;
  if (!state.photo || !state.speech) { error.textContent = "Give a photo and a speech recording first."; error.hidden = false; return; }
  const form = new FormData();
  form.append("image", state.photo);
  form.append("audio", state.speech, state.speechName);
  form.append("seed", $("seed").value);
  form.append("steps", $("steps").value);
  form.append("headMotion", $("head-motion").value);
  form.append("expression", $("expression").value);
  for (const [field, id] of [["lipsOnly", "lips-only"], ["relative", "relative"], ["pasteBack", "paste-back"], ["noCrop", "no-crop"]])
    form.append(field, $(id).checked ? "true" : "false");
  if (!$("no-crop").checked && state.faceIndex !== null) form.append("faceIndex", state.faceIndex);
  $("generate").disabled = true;
  try {
    const job = await api("/api/jobs", { method: "POST", body: form });
    follow(job);
    refreshJobs();
  } catch (e) {
    error.textContent = e.message;
    error.hidden = false;
  } finally {
    $("generate").disabled = false;
  }
}

function follow(job) {
  if (state.events) state.events.close();
  state.job = job;
  show(job);
  if (job.state !== "queued" && job.state !== "running") return;
  const events = new EventSource(`/api/jobs/${job.id}/events`);
  events.addEventListener("job", e => {
    const update = JSON.parse(e.data);
    if (!state.job || state.job.id !== update.id) return;
    state.job = update;
    show(update);
    if (update.state !== "queued" && update.state !== "running") { events.close(); refreshJobs(); }
  });
  state.events = events;
}

function show(job) {
  const live = job.state === "queued" || job.state === "running";
  $("result-empty").hidden = true;
  $("progress-box").hidden = !live;
  if (live) {
    const bar = $("progress");
    bar.max = Math.max(job.frames, 1);
    bar.value = job.framesDone;
    $("progress-text").textContent = job.state === "queued" ? "waiting for the render backend…"
      : `${job.stage || "starting"} · ${job.framesDone} / ${job.frames || "?"} frames` + (job.etaSeconds != null ? ` · about ${formatTime(job.etaSeconds)} left` : "");
    const preview = $("preview");
    if (job.previewFrame != null && preview.dataset.frame !== String(job.previewFrame)) {
      preview.src = `/api/jobs/${job.id}/preview?frame=${job.previewFrame}`;
      preview.dataset.frame = String(job.previewFrame);
      preview.hidden = false;
    }
  } else {
    $("preview").hidden = true;
    delete $("preview").dataset.frame;
  }
  const error = $("result-error");
  error.hidden = !(job.error && !live);
  error.textContent = job.error ? `${job.state}: ${job.error}` : "";
  const video = $("video"), downloads = $("downloads");
  const done = job.state === "succeeded";
  video.hidden = !(done && job.videoType === "video/mp4");
  if (done && job.videoType === "video/mp4" && video.dataset.job !== job.id) { video.src = job.files.video; video.dataset.job = job.id; }
  $("avi-note").hidden = !(done && job.videoType !== "video/mp4");
  downloads.hidden = !done;
  downloads.replaceChildren(...(done ? Object.entries(job.files).map(([kind, href]) => {
    const item = document.createElement("li"), link = document.createElement("a");
    link.href = href;
    link.download = "";
    link.id = `download-${kind.replace(".", "-")}`;
    link.textContent = kind === "video" ? `video (${job.videoType === "video/mp4" ? "MP4" : "AVI"})` : { "keypoints.json": "keypoints (JSON)", "keypoints.csv": "keypoints (CSV)", "pose.png": "pose plot (PNG)" }[kind];
    item.append(link);
    return item;
  }) : []));
}

const formatTime = seconds => seconds < 60 ? `${Math.round(seconds)} s` : `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;

async function cancel(id) {
  try { show(await api(`/api/jobs/${id}/cancel`, { method: "POST" })); } catch (e) { alert(e.message); }
  refreshJobs();
}

async function remove(id) {
  try { await api(`/api/jobs/${id}`, { method: "DELETE" }); } catch (e) { alert(e.message); }
  refreshJobs();
}

async function refreshJobs() {
  let jobs;
  try { jobs = await api("/api/jobs"); } catch { return; }
  const rows = jobs.map(job => {
    const row = document.createElement("tr");
    const cell = (text, className) => { const td = document.createElement("td"); td.textContent = text; if (className) td.className = className; row.append(td); return td; };
    cell(new Date(job.createdAt).toLocaleString());
    cell(`${job.imageName} / ${job.audioName}`, "names");
    cell(job.state === "running" ? `running ${job.framesDone}/${job.frames}` : job.state);
    const actions = cell("");
    const button = (label, action) => { const b = document.createElement("button"); b.type = "button"; b.textContent = label; b.onclick = action; actions.append(b, " "); };
    button("show", () => follow(job));
    if (job.state === "queued" || job.state === "running") button("cancel", () => cancel(job.id));
    else button("delete", () => remove(job.id));
    return row;
  });
  document.querySelector("#jobs tbody").replaceChildren(...rows);
}

// ---- wiring ----
function dropTarget(zone, input, accept) {
  zone.addEventListener("dragover", e => { e.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", e => { e.preventDefault(); zone.classList.remove("over"); if (e.dataTransfer.files[0]) accept(e.dataTransfer.files[0]); });
  input.addEventListener("change", () => { if (input.files[0]) accept(input.files[0]); });
}

dropTarget($("photo-drop"), $("photo"), setPhoto);
dropTarget($("speech-drop"), $("speech"), file => setSpeech(file, file.name));
$("faces").addEventListener("click", pickFace);
$("no-crop").addEventListener("change", () => { if (state.photo) { if (!$("no-crop").checked && !state.faces) findFaces(); else { showFacesStatus($("no-crop").checked ? "Already cropped: the whole photo is the face." : ""); drawFaces(); } } });
$("record").addEventListener("click", toggleRecording);
$("job-form").addEventListener("submit", submit);
$("cancel").addEventListener("click", () => state.job && cancel(state.job.id));
$("token-form").addEventListener("submit", async e => {
  e.preventDefault();
  try {
    await api("/api/session", { method: "POST", headers: { Authorization: `Bearer ${$("token").value}` } });
    $("token-form").hidden = true;
    refreshJobs();
  } catch (error) { alert(error.message); }
});
health();
refreshJobs();
