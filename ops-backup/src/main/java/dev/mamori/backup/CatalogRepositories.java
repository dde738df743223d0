package dev.mamori.backup;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.mamori.backup.restore.RestoreStatus;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface SnapshotRepository extends JpaRepository<Snapshot, Long> {

	List<Snapshot> findByAppIdOrderByCreatedAtDescIdDesc(String appId);

	Optional<Snapshot> findByAppIdAndName(String appId, String name);

	long countByAppId(String appId);

	Optional<Snapshot> findFirstByAppIdOrderByCreatedAtDescIdDesc(String appId);

	Optional<Snapshot> findFirstByAppIdAndStatusOrderByCreatedAtDescIdDesc(String appId, SnapshotStatus status);

}

interface BackupRunRepository extends JpaRepository<BackupRun, Long> {

	List<BackupRun> findByStatus(RunStatus status);

	Optional<BackupRun> findFirstByAppIdAndStatusNotOrderByStartedAtDescIdDesc(String appId, RunStatus status);

	List<BackupRun> findTop50ByAppIdOrderByIdDesc(String appId);

	@Modifying
	@Query("update BackupRun r set r.bytesDone = ?2, r.heartbeatAt = ?3 where r.id = ?1 and r.status = dev.mamori.backup.RunStatus.RUNNING")
	int heartbeat(long id, long bytesDone, Instant now);

}

interface RestoreRunRepository extends JpaRepository<RestoreRun, Long> {

	List<RestoreRun> findTop100ByAppIdOrderByIdDesc(String appId);

	List<RestoreRun> findTop100ByOrderByIdDesc();

	long countByRequestedAtGreaterThanEqualAndIdLessThanEqual(Instant from, long id);

	List<RestoreRun> findByStatus(RestoreStatus status);

	Optional<RestoreRun> findFirstByAppIdAndRtoMillisIsNotNullOrderByIdDesc(String appId);

	@org.springframework.data.jpa.repository.Query("select r.reportNumber from RestoreRun r where r.reportNumber like :prefix")
	List<String> reportNumbersLike(String prefix);

}

interface DrillRunRepository extends JpaRepository<DrillRun, Long> {

	List<DrillRun> findTop50ByAppIdOrderByIdDesc(String appId);

	List<DrillRun> findTop100ByOrderByIdDesc();

	Optional<DrillRun> findFirstByAppIdAndStatusOrderByIdDesc(String appId, String status);

	Optional<DrillRun> findFirstByAppIdAndFinishedAtIsNotNullOrderByIdDesc(String appId);

	Optional<DrillRun> findFirstByAppIdAndRestoreMillisIsNotNullOrderByIdDesc(String appId);

	List<DrillRun> findByStatus(String status);

	@Query("select r.reportNumber from DrillRun r where r.reportNumber like :prefix")
	List<String> reportNumbersLike(String prefix);

}
