package dev.mamori.web;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The configuration the web slice tests of this module start from: the module's controllers,
 * advices, filters and MVC configuration (the slice picks those).
 */
@SpringBootApplication
public class WebSliceTestApplication {

}
