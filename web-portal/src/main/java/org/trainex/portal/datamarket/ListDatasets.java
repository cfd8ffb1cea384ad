package org.trainex.portal.datamarket;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import org.trainex.datamarket.api.DatasetView;
import org.trainex.datamarket.api.Datasets;

/** Screen: the registered datasets (data market). */
@Named
@ViewScoped
public class ListDatasets implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    Datasets datasets;

    public List<DatasetView> getDatasets() {
        return datasets.list();
    }
}
