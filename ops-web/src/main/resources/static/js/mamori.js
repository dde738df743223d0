// Mamori's only script: refresh parts of a page in place, and follow a backup run's progress.
// Served by Mamori itself; no framework, no CDN.
(function () {
	'use strict';

	function refresh(element) {
		var seconds = parseInt(element.getAttribute('data-refresh-seconds') || '15', 10);
		setInterval(function () {
			fetch(element.getAttribute('data-refresh'), { credentials: 'same-origin' })
				.then(function (r) { return r.ok ? r.text() : null; })
				.then(function (html) { if (html !== null) { element.innerHTML = html; } })
				.catch(function () { /* offline for a moment: keep what is shown */ });
		}, seconds * 1000);
	}

	function mib(bytes) { return (bytes / 1048576).toFixed(1) + ' MiB'; }

	function follow(section) {
		var url = section.getAttribute('data-run-url');
		var bar = document.getElementById('progress-bar');
		var status = document.getElementById('progress-status');
		var bytes = document.getElementById('progress-bytes');
		var eta = document.getElementById('progress-eta');
		function poll() {
			fetch(url, { credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(function (run) {
				var pct = run.bytesExpected > 0 ? Math.min(100, Math.round(100 * run.bytesDone / run.bytesExpected)) : 0;
				bar.style.width = pct + '%';
				bytes.textContent = mib(run.bytesDone) + ' / ' + mib(run.bytesExpected);
				section.setAttribute('data-status', run.status);
				if (run.status === 'RUNNING') {
					var elapsed = (Date.now() - run.startedAt) / 1000;
					if (run.bytesDone > 0 && elapsed > 1) {
						var left = Math.max(0, Math.round(elapsed * (run.bytesExpected - run.bytesDone) / run.bytesDone));
						eta.textContent = left + ' s ' + document.getElementById('msg-eta').textContent;
					}
					setTimeout(poll, 1000);
				} else {
					bar.style.width = '100%';
					bar.classList.add(run.status === 'SUCCEEDED' ? 'bg-success' : 'bg-danger');
					status.textContent = document.getElementById(run.status === 'SUCCEEDED' ? 'msg-succeeded' : 'msg-failed').textContent
						+ (run.error ? ': ' + run.error : '');
					eta.textContent = '';
					if (run.status === 'SUCCEEDED') {
						// Show the new snapshot in the table.
						fetch(window.location.pathname, { credentials: 'same-origin' }).then(function (r) { return r.text(); }).then(function (html) {
							var table = new DOMParser().parseFromString(html, 'text/html').getElementById('snapshots');
							if (table) { document.getElementById('snapshots').replaceWith(table); }
						});
					}
				}
			}).catch(function () { setTimeout(poll, 2000); });
		}
		poll();
	}

	document.addEventListener('DOMContentLoaded', function () {
		document.querySelectorAll('[data-refresh]').forEach(refresh);
		var progress = document.getElementById('progress');
		if (progress) { follow(progress); }
	});
})();

// The restore wizard: the button stays disabled until the app id is typed exactly. A page with
// data-reload-seconds (a running restore, a snapshot being verified) reloads itself until it is done.
document.addEventListener('DOMContentLoaded', function () {
	'use strict';
	var confirm = document.querySelector('[data-confirm-for]');
	if (confirm) {
		var button = document.getElementById('restore-submit');
		// A snapshot that would shrink the data sharply also needs the "I understand" tick.
		var understand = document.querySelector('[data-understand]');
		var update = function () {
			button.disabled = confirm.value !== confirm.getAttribute('data-confirm-for')
				|| (understand !== null && !understand.checked);
		};
		confirm.addEventListener('input', update);
		if (understand) { understand.addEventListener('change', update); }
	}
	var reloading = document.querySelector('[data-reload-seconds]');
	if (reloading) {
		setTimeout(function () { window.location.reload(); }, 1000 * parseInt(reloading.getAttribute('data-reload-seconds'), 10));
	}
});

// Copy buttons, and a confirmation before every destructive form.
document.addEventListener('DOMContentLoaded', function () {
	'use strict';
	// Times are shown in the browser's time zone: tell the server which it is.
	try {
		var tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
		if (tz && document.cookie.indexOf('mamori-tz=' + encodeURIComponent(tz)) < 0) {
			document.cookie = 'mamori-tz=' + encodeURIComponent(tz) + '; path=/; max-age=31536000; samesite=lax';
		}
	} catch (e) { /* no Intl: the server's zone is used */ }
	// The monitor form shows the fields of the chosen type.
	var type = document.getElementById('type');
	if (type && type.form && type.form.id === 'monitor-form') {
		var show = function () {
			document.querySelectorAll('[data-types]').forEach(function (group) {
				group.hidden = group.getAttribute('data-types').split(' ').indexOf(type.value) < 0;
			});
		};
		type.addEventListener('change', show);
		show();
	}
	document.querySelectorAll('[data-copy]').forEach(function (button) {
		button.addEventListener('click', function () {
			var field = document.getElementById(button.getAttribute('data-copy'));
			field.select();
			if (navigator.clipboard) { navigator.clipboard.writeText(field.value); } else { document.execCommand('copy'); }
		});
	});
	document.querySelectorAll('form[data-confirm-message]').forEach(function (form) {
		form.addEventListener('submit', function (event) {
			if (!window.confirm(form.getAttribute('data-confirm-message'))) { event.preventDefault(); }
		});
	});
});

// Actions: a destructive action's button stays disabled until its id is typed; a running action's
// page appends its output as it arrives (polling, no framework) and reloads itself when it ends.
document.addEventListener('DOMContentLoaded', function () {
	'use strict';
	document.querySelectorAll('[data-action-confirm]').forEach(function (input) {
		var button = input.form.querySelector('button[type=submit]');
		var update = function () { button.disabled = input.value !== input.getAttribute('data-action-confirm'); };
		input.addEventListener('input', update);
		update();
	});
	var output = document.getElementById('action-output');
	if (!output || !output.getAttribute('data-follow')) {
		return;
	}
	var url = output.getAttribute('data-follow');
	var offset = 0;
	var poll = function () {
		fetch(url + '?from=' + offset, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
			.then(function (r) { return r.json(); })
			.then(function (chunk) {
				if (!chunk.running) { window.location.reload(); return; }
				if (chunk.skipped) { document.getElementById('output-cut').hidden = false; }
				if (chunk.text) {
					output.textContent += chunk.text;
					// Keep the page light when a command prints a lot: the stored output is bounded anyway.
					if (output.textContent.length > 200000) { output.textContent = output.textContent.slice(-100000); }
					output.scrollTop = output.scrollHeight;
				}
				offset = chunk.next;
				setTimeout(poll, 500);
			})
			.catch(function () { setTimeout(poll, 2000); });
	};
	poll();
});
