package dev.mamori.core.audit;

import java.util.List;

import jakarta.persistence.LockModeType;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface AuditEventRepository extends JpaRepository<AuditEvent, Long>, JpaSpecificationExecutor<AuditEvent> {

	List<AuditEvent> findByIdGreaterThanOrderByIdAsc(long id, Pageable page);

	List<AuditEvent> findByIdGreaterThanAndIdLessThanEqualOrderByIdAsc(long after, long upTo, Pageable page);

	@Query("select min(e.id) from AuditEvent e where e.id > ?1")
	Long findFirstIdAfter(long id);

}

interface AuditChainHeadRepository extends JpaRepository<AuditChainHead, Integer> {

	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select h from AuditChainHead h where h.id = " + AuditChainHead.ID)
	AuditChainHead lockHead();

	@Query("select h from AuditChainHead h where h.id = " + AuditChainHead.ID)
	AuditChainHead readHead();

	/** The head's event id as stored now (a value, not the entity the persistence context may hold). */
	@Query("select h.lastEventId from AuditChainHead h where h.id = " + AuditChainHead.ID)
	Long readHeadEventId();

}
