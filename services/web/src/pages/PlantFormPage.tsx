import { useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import { ApiError } from '../api/problem';
import { navigate } from '../app/router';
import { Alert } from '../components/Alert';
import { PlantForm, plantValues, type PlantValues } from '../components/PlantForm';
import { useLoad } from '../lib/useLoad';
import { formErrors, NO_ERRORS } from './formErrors';
import { NotFoundPage } from './NotFoundPage';

/** Add a plant (no id) or edit one; the API's field errors show beside the fields. */
export function PlantFormPage({ id }: { id?: string }) {
  const plant = useLoad(() => (id ? api.plant(id) : Promise.resolve(undefined)), [id]);
  const [errors, setErrors] = useState(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  if (plant.error instanceof ApiError && plant.error.status === 404) return <NotFoundPage what="plant" />;
  if (id && !plant.data) return <p class="muted">Loading…</p>;

  const save = async (values: PlantValues) => {
    setBusy(true);
    try {
      const saved = id ? await api.updatePlant(id, values) : await api.createPlant(values);
      navigate(`/plants/${saved.id}`);
    } catch (err) {
      setErrors(formErrors(err));
      setBusy(false);
    }
  };
  return (
    <div class="page page--narrow">
      <p class="back">
        <a href={id ? `/plants/${id}` : '/plants'}>← {id ? plant.data!.name : 'All plants'}</a>
      </p>
      <h1>{id ? `Edit ${plant.data!.name}` : 'Add a plant'}</h1>
      {errors.message && <Alert>{errors.message}</Alert>}
      <div class="card">
        <PlantForm
          initial={plantValues(plant.data)}
          errors={errors.fields}
          busy={busy}
          submitLabel={id ? 'Save changes' : 'Add plant'}
          onSubmit={save}
          onCancel={() => navigate(id ? `/plants/${id}` : '/plants')}
        />
      </div>
    </div>
  );
}
