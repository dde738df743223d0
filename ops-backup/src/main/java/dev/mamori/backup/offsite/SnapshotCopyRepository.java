package dev.mamori.backup.offsite;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface SnapshotCopyRepository extends JpaRepository<SnapshotCopy, Long> {

	Optional<SnapshotCopy> findByAppIdAndSnapshotNameAndTarget(String appId, String snapshotName, String target);

	List<SnapshotCopy> findByAppIdOrderBySnapshotCreatedAtDescIdDesc(String appId);

	List<SnapshotCopy> findByAppIdAndTargetAndState(String appId, String target, CopyState state);

	List<SnapshotCopy> findByStateIn(Collection<CopyState> states);

}
