package dev.mamori.backup.archive;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Compares the sidecar manifest, which listing and restore planning trust, with the manifest inside
 * the archive, which was written with the data: where they disagree, one of them was changed.
 */
final class ManifestComparison {

	private ManifestComparison() {
	}

	/**
	 * @param sidecar the manifest beside the archive
	 * @param inner the manifest inside it
	 * @return each disagreement as a sentence naming the field, empty when they agree
	 */
	static List<String> differences(Manifest sidecar, Manifest inner) {
		List<String> differences = new ArrayList<>();
		if (!Objects.equals(sidecar.app(), inner.app())) {
			differences.add("sidecar says app '" + sidecar.app() + "', the archive says '" + inner.app() + "'");
		}
		Map<String, Manifest.SourceInfo> sidecarSources = byKey(sidecar.sources(), Manifest.SourceInfo::id);
		Map<String, Manifest.SourceInfo> innerSources = byKey(inner.sources(), Manifest.SourceInfo::id);
		sidecarSources.forEach((id, source) -> {
			Manifest.SourceInfo other = innerSources.get(id);
			if (other == null) {
				differences.add("sidecar lists source '" + id + "', the archive does not");
				return;
			}
			field(differences, "type", "source", id, source.type(), other.type());
			field(differences, "location", "source", id, source.location(), other.location());
			field(differences, "entry prefix", "source", id, source.entryPrefix(), other.entryPrefix());
		});
		innerSources.keySet()
			.stream()
			.filter((id) -> !sidecarSources.containsKey(id))
			.forEach((id) -> differences.add("the archive has source '" + id + "', the sidecar does not list it"));
		Map<String, Manifest.Entry> sidecarEntries = byKey(sidecar.entries(), Manifest.Entry::path);
		Map<String, Manifest.Entry> innerEntries = byKey(inner.entries(), Manifest.Entry::path);
		sidecarEntries.forEach((path, entry) -> {
			Manifest.Entry other = innerEntries.get(path);
			if (other == null) {
				differences.add("sidecar lists entry '" + path + "', the archive's manifest does not");
				return;
			}
			field(differences, "size", "entry", path, entry.size(), other.size());
			field(differences, "SHA-256", "entry", path, lower(entry.sha256()), lower(other.sha256()));
		});
		innerEntries.keySet()
			.stream()
			.filter((path) -> !sidecarEntries.containsKey(path))
			.forEach((path) -> differences
				.add("the archive's manifest lists entry '" + path + "', the sidecar does not"));
		return differences;
	}

	private static void field(List<String> differences, String field, String kind, String key, Object sidecar,
			Object inner) {
		if (!Objects.equals(sidecar, inner)) {
			differences.add("sidecar says " + field + " " + sidecar + " for " + kind + " '" + key
					+ "', the archive says " + inner);
		}
	}

	private static String lower(String hex) {
		return (hex != null) ? hex.toLowerCase(java.util.Locale.ROOT) : null;
	}

	private static <T> Map<String, T> byKey(List<T> items, Function<T, String> key) {
		Map<String, T> map = new LinkedHashMap<>();
		if (items != null) {
			items.forEach((item) -> map.putIfAbsent(key.apply(item), item));
		}
		return map;
	}

}
