package dev.switchboard.management.project;

import dev.switchboard.management.security.Caller;
import dev.switchboard.management.security.Role;
import dev.switchboard.management.web.ApiException;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** Finds projects for other packages, checking the caller's role and scope first. */
@Service
public class Projects {
  private final ProjectRepository projects;

  Projects(ProjectRepository projects) {
    this.projects = projects;
  }

  /** The project, if {@code caller} has {@code role} on it: 403 before 404, so keys don't leak. */
  public Project require(Caller caller, String projectKey, Role role) {
    caller.require(role, projectKey);
    return projects
        .findByKey(projectKey)
        .orElseThrow(() -> ApiException.notFound("project '" + projectKey + "'"));
  }

  public Optional<Project> byId(UUID id) {
    return projects.findById(id);
  }
}
