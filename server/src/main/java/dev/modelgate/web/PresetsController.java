package dev.modelgate.web;

import dev.modelgate.connection.Region;
import dev.modelgate.model.ModelReference;
import dev.modelgate.model.ModelReferenceParser;
import dev.modelgate.preset.Preset;
import dev.modelgate.preset.Presets;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** {@code /api/v1/presets}: a working starting configuration for each model family. */
@RestController
@RequestMapping(path = "/api/v1/presets", produces = "application/json")
public class PresetsController {

    private final Presets presets;

    public PresetsController(Presets presets) {
        this.presets = presets;
    }

    @GetMapping
    List<Preset> all() {
        return presets.all();
    }

    /**
     * What Modelgate understood of a model reference and the preset of its family, or {@code preset: null} with a
     * note when the reference does not say which family it serves (provisioned, custom, imported, marketplace).
     */
    public record Suggestion(ModelView.Model understood, Preset preset, String note) {
    }

    @GetMapping("/suggest")
    Suggestion suggest(@RequestParam String modelReference, @RequestParam String region) {
        ModelReference reference = ModelReferenceParser.parse(modelReference, Region.of(region));
        return presets.forReference(reference)
                .map(p -> new Suggestion(ModelView.Model.of(reference), p, null))
                .orElseGet(() -> new Suggestion(ModelView.Model.of(reference), null,
                        "this reference does not say which model family it serves; pick a preset from GET /api/v1/presets"));
    }
}
